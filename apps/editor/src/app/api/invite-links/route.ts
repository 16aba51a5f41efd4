import { type AppServer, appServer } from '@/server/appServer';
import { type Account, accountFor } from '@/server/currentAccount';
import { linkOrigin } from '@/server/requestOrigin';
import { forbiddenCrossSite, fromOwnPages } from '@/server/sameOrigin';
import { createInviteLink, listInviteLinks } from '@/workspace/inviteLinks';
import { isInvitableRole, managesMembers } from '@/workspace/roles';

const DAY_MS = 24 * 60 * 60 * 1000;

type Manager = { server: AppServer; account: Account; workspaceId: string };

/** The signed-in owner or admin, or the refusal to answer with. */
async function manager(request: Request): Promise<Manager | { error: Response }> {
  const server = await appServer();
  const account = await accountFor(server, request.headers);
  if (account === null) return { error: Response.json({ error: 'You are signed out: sign in again.' }, { status: 401 }) };
  if (account.workspace === null || account.role === null || !managesMembers(account.role)) {
    return { error: Response.json({ error: 'Only owners and admins invite people.' }, { status: 403 }) };
  }
  return { server, account, workspaceId: account.workspace.id };
}

/** `GET /api/invite-links`: the workspace's invitation links that still work (owners and admins). */
export async function GET(request: Request): Promise<Response> {
  const found = await manager(request);
  if ('error' in found) return found.error;
  const links = await listInviteLinks(found.server.database.db, found.workspaceId, Date.now());
  return Response.json({
    links: links.map((link) => ({
      id: link.id,
      role: link.role,
      createdAt: link.created_at,
      expiresAt: link.expires_at,
      uses: link.uses,
      maxUses: link.max_uses,
    })),
  });
}

/**
 * `POST /api/invite-links` `{ role: 'admin'|'member'|'guest', expiresInDays?: 1..90 (7), maxUses?: 1..1000 }`
 * → `{ id, url, role, expiresAt, maxUses }`: a link whoever opens it joins with (the url is shown once).
 */
export async function POST(request: Request): Promise<Response> {
  const found = await manager(request);
  if ('error' in found) return found.error;
  const { server, account, workspaceId } = found;
  if (!fromOwnPages(request, server.config.trustedOrigins)) return forbiddenCrossSite();
  const body = (await request.json().catch(() => null)) as { role?: unknown; expiresInDays?: unknown; maxUses?: unknown } | null;
  const role = body?.role;
  const days = body?.expiresInDays ?? 7;
  const maxUses = body?.maxUses ?? null;
  if (!isInvitableRole(role)) return Response.json({ error: '"role" must be admin, member or guest' }, { status: 400 });
  if (role === 'admin' && account.role !== 'owner') return Response.json({ error: 'Only owners invite admins.' }, { status: 403 });
  if (typeof days !== 'number' || !Number.isInteger(days) || days < 1 || days > 90) {
    return Response.json({ error: '"expiresInDays" must be a whole number of days, 1 to 90' }, { status: 400 });
  }
  if (maxUses !== null && (typeof maxUses !== 'number' || !Number.isInteger(maxUses) || maxUses < 1 || maxUses > 1000)) {
    return Response.json({ error: '"maxUses" must be 1 to 1000, or left out' }, { status: 400 });
  }
  const now = Date.now();
  const { link, token } = await createInviteLink(server.database.db, {
    workspaceId,
    role,
    createdBy: account.user.id,
    expiresAt: now + days * DAY_MS,
    maxUses,
    now,
  });
  const url = `${linkOrigin(server.config.publicUrl, request)}/invite/${token}`;
  return Response.json(
    { id: link.id, url, role, expiresAt: link.expires_at, maxUses },
    { status: 201, headers: { 'Cache-Control': 'no-store' } },
  );
}
