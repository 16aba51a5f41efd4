import { type DocumentRouteParams, documentRoute } from '@/server/documentRoute';
import { purgeDocument } from '@/server/documentTrash';
import { refuse } from '@/server/routeAccount';
import { trashFailure } from '@/server/trashAnswer';

/**
 * `DELETE /api/documents/{id}`: deletes a document in the trash for good, before its workspace's
 * retention ends (its creator, owners and admins): its content on the sync server, its record, shares
 * and links here. 204; 409 when it is not in the trash.
 */
export async function DELETE(request: Request, route: DocumentRouteParams): Promise<Response> {
  const found = await documentRoute(request, route, { changes: true });
  if (found.error) return found.error;
  const { server, account, target } = found;
  if (!target.canDelete) return refuse(403, 'Only its creator, and the workspace’s owners and admins, delete a document for good.');
  try {
    await purgeDocument(server.database.db, server.sync, target, account.user);
  } catch (error) {
    return trashFailure(error);
  }
  return new Response(null, { status: 204 });
}
