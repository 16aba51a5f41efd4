import { appServer } from '@/server/appServer';
import { accountFor } from '@/server/currentAccount';
import { forbiddenCrossSite, fromOwnPages } from '@/server/sameOrigin';
import { revokeInviteLink } from '@/workspace/inviteLinks';
import { managesMembers } from '@/workspace/roles';

/** `DELETE /api/invite-links/{id}`: the link stops working (owners and admins); 404 if it was not a working link. */
export async function DELETE(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const server = await appServer();
  if (!fromOwnPages(request, server.config.trustedOrigins)) return forbiddenCrossSite();
  const account = await accountFor(server, request.headers);
  if (account === null) return Response.json({ error: 'You are signed out: sign in again.' }, { status: 401 });
  if (account.workspace === null || account.role === null || !managesMembers(account.role)) {
    return Response.json({ error: 'Only owners and admins manage invitations.' }, { status: 403 });
  }
  const { id } = await params;
  const revoked = await revokeInviteLink(server.database.db, account.workspace.id, id, Date.now());
  return revoked ? new Response(null, { status: 204 }) : Response.json({ error: 'no such working invitation link' }, { status: 404 });
}
