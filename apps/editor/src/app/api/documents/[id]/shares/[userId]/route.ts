import { documentRoute } from '@/server/documentRoute';
import { narrowOpenAccess } from '@/server/narrowOpenAccess';
import { jsonBody, refuse } from '@/server/routeAccount';
import { seesWholeWorkspace } from '@/workspace/roles';
import { isShareRole, listDocumentShares, shareDocument, unshareDocument } from '@/workspace/shares';
import { roleIn } from '@/workspace/workspaces';

type Params = { params: Promise<{ id: string; userId: string }> };

/** `PATCH /api/documents/{id}/shares/{userId}` `{ role }`: changes a person's role; to viewer, their open editors turn view-only at once. */
export async function PATCH(request: Request, { params }: Params): Promise<Response> {
  const found = await documentRoute(request, { params }, { changes: true });
  if (found.error) return found.error;
  const { server, account, target } = found;
  if (!target.canShare) return refuse(403, 'Only members of its workspace change who has access.');
  const { userId } = await params;
  const body = await jsonBody(request);
  if (!isShareRole(body.role)) return refuse(400, '"role" must be "editor" or "viewer"');
  const { db } = server.database;
  const share = (await listDocumentShares(db, target.docId)).find((s) => s.userId === userId);
  if (share === undefined) return refuse(404, 'It is not shared with that person.');
  const theirRole = target.workspace === null ? null : await roleIn(db, target.workspace.id, userId);
  if (body.role === 'viewer' && theirRole !== null && seesWholeWorkspace(theirRole)) {
    return refuse(
      400,
      `${share.name} is a ${theirRole} of the workspace and edits all of its documents: a viewer share cannot narrow that.`,
    );
  }
  const now = Date.now();
  await shareDocument(db, { docId: target.docId, userId, role: body.role, sharedBy: account.user.id, now });
  if (share.role === 'editor' && body.role === 'viewer') {
    await narrowOpenAccess(db, server.revocations, { userIds: [userId], docIds: [target.docId], reason: 'share changed to viewer', now });
  }
  return Response.json({ userId, role: body.role });
}

/** `DELETE /api/documents/{id}/shares/{userId}`: stops sharing with them; what they no longer may do ends on their open editors at once. */
export async function DELETE(request: Request, { params }: Params): Promise<Response> {
  const found = await documentRoute(request, { params }, { changes: true });
  if (found.error) return found.error;
  const { server, target } = found;
  if (!target.canShare) return refuse(403, 'Only members of its workspace change who has access.');
  const { userId } = await params;
  const { db } = server.database;
  if (!(await unshareDocument(db, target.docId, userId))) return refuse(404, 'It is not shared with that person.');
  await narrowOpenAccess(db, server.revocations, { userIds: [userId], docIds: [target.docId], reason: 'share removed', now: Date.now() });
  return new Response(null, { status: 204 });
}
