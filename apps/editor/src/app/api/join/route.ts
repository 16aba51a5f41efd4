import { APIError } from 'better-auth';
import { appServer } from '@/server/appServer';
import { forbiddenCrossSite, fromOwnPages } from '@/server/sameOrigin';
import { findInviteLink, inviteLinkProblem, spendInviteLink } from '@/workspace/inviteLinks';
import { isInvitableRole } from '@/workspace/roles';
import { roleIn } from '@/workspace/workspaces';

/**
 * `POST /api/join` `{ token }`: the signed-in person joins the workspace of an invitation link with
 * its role (someone with an account already; new people sign up with the token instead).
 * 200 `{ joined: true }`, or `{ joined: false }` when they already belong; 410 for a link that no longer works.
 */
export async function POST(request: Request): Promise<Response> {
  const server = await appServer();
  if (!fromOwnPages(request, server.config.trustedOrigins)) return forbiddenCrossSite();
  const session = await server.auth.api.getSession({ headers: request.headers });
  if (session === null) return Response.json({ error: 'Sign in first.' }, { status: 401 });
  const body = (await request.json().catch(() => null)) as { token?: unknown } | null;
  if (typeof body?.token !== 'string') return Response.json({ error: 'expected { token }' }, { status: 400 });
  const { db } = server.database;
  const link = await findInviteLink(db, body.token);
  if (link === null) return Response.json({ error: 'This invitation link is not valid.' }, { status: 404 });
  if ((await roleIn(db, link.workspace_id, session.user.id)) !== null) return Response.json({ joined: false });
  const problem = inviteLinkProblem(link, Date.now());
  if (problem !== null || !isInvitableRole(link.role) || !(await spendInviteLink(db, link.id))) {
    return Response.json(
      {
        error: `This invitation link ${problem === 'expired' ? 'has expired' : problem === 'revoked' ? 'was revoked' : 'has been used up'}.`,
      },
      { status: 410 },
    );
  }
  try {
    await server.auth.api.addMember({ body: { userId: session.user.id, organizationId: link.workspace_id, role: link.role } });
    await server.auth.api.setActiveOrganization({ headers: request.headers, body: { organizationId: link.workspace_id } });
  } catch (error) {
    if (error instanceof APIError) return Response.json({ error: error.message }, { status: 409 });
    throw error;
  }
  return Response.json({ joined: true });
}
