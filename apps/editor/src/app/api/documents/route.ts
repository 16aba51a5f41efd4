import { appServer } from '@/server/appServer';
import { accountFor } from '@/server/currentAccount';
import { routeAccount } from '@/server/routeAccount';
import { forbiddenCrossSite, fromOwnPages } from '@/server/sameOrigin';
import { documentsOf, trashedNamesFor, trashOf } from '@/workspace/documentList';
import { createDocument, newWorkspaceDocId } from '@/workspace/documents';
import { seesWholeWorkspace } from '@/workspace/roles';
import { installedWorkspace, membershipsOf } from '@/workspace/workspaces';

/**
 * `GET /api/documents` → `{ docs: ListedDocument[], trashed: string[] }`: every document the
 * signed-in person can open (their workspace's unless they are a guest, those shared with them,
 * those of links they opened), with who created and who shared each, and the names of those in the
 * trash (a list from before their deletion hides them); `?state=trash` → `{ trash: TrashedDocument[] }`, those in
 * the trash they may restore. The page adds the sync server's live titles, last edits and activity.
 */
export async function GET(request: Request): Promise<Response> {
  const found = await routeAccount(request, { changes: false });
  if (found.error) return found.error;
  const { server, account } = found;
  const headers = { 'Cache-Control': 'no-store' };
  if (new URL(request.url).searchParams.get('state') === 'trash') {
    const trash = await trashOf(server.database.db, account.user.id);
    // What the sync server still keeps of each (its own retention may end sooner than the workspace's).
    const prefixes = (await membershipsOf(server.database.db, account.user.id)).map((m) => `${m.docPrefix}-*`);
    const kept = trash.length === 0 || !server.sync.configured ? null : await server.sync.trashed(prefixes, account.user).catch(() => null);
    return Response.json(
      {
        trash: trash.map((doc) => {
          const entry = kept?.get(doc.id);
          return {
            ...doc,
            title: entry?.title ?? doc.title,
            kept: kept === null ? null : entry !== undefined,
            purgeAt: entry === undefined ? doc.purgeAt : Math.min(doc.purgeAt, entry.purgeAt),
          };
        }),
      },
      { headers },
    );
  }
  const { db } = server.database;
  const [docs, trashed] = await Promise.all([documentsOf(db, account.user.id, Date.now()), trashedNamesFor(db, account.user.id)]);
  return Response.json({ docs, trashed }, { headers });
}

/**
 * `POST /api/documents` `{ title? }` → `{ docId }`: a new document of the signed-in person's
 * workspace, recorded with them as its creator. The name is chosen here (`<workspace prefix>-<random>`,
 * unguessable), so every member's token covers it and nobody can claim a name someone else uses.
 * 401 signed out; 403 for guests (they open what is shared with them) and people outside the workspace.
 */
export async function POST(request: Request): Promise<Response> {
  const server = await appServer();
  if (!fromOwnPages(request, server.config.trustedOrigins)) return forbiddenCrossSite();
  const account = await accountFor(server, request.headers);
  if (account === null) return Response.json({ error: 'You are signed out: sign in again.' }, { status: 401 });
  const workspace = await installedWorkspace(server.database.db);
  if (workspace === null || account.role === null || !seesWholeWorkspace(account.role)) {
    return Response.json({ error: 'Only members of the workspace create documents in it.' }, { status: 403 });
  }
  const body = (await request.json().catch(() => ({}))) as { title?: unknown };
  const title = typeof body.title === 'string' && body.title.trim() !== '' ? body.title.trim().slice(0, 200) : null;
  const docId = newWorkspaceDocId(workspace.docPrefix);
  await createDocument(server.database.db, { id: docId, workspaceId: workspace.id, createdBy: account.user.id, title, now: Date.now() });
  return Response.json({ docId }, { status: 201, headers: { 'Cache-Control': 'no-store' } });
}
