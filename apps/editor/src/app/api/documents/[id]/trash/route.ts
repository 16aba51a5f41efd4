import { type DocumentRouteParams, documentRoute } from '@/server/documentRoute';
import { trashDocument } from '@/server/documentTrash';
import { refuse } from '@/server/routeAccount';
import { trashFailure } from '@/server/trashAnswer';

/**
 * `POST /api/documents/{id}/trash`: moves the document to its workspace's trash (its creator, owners
 * and admins; 403 for others). Deleted on the sync server, which closes its open editors and keeps
 * the content restorable; purged after the workspace's retention. 204; 409 already in the trash.
 */
export async function POST(request: Request, route: DocumentRouteParams): Promise<Response> {
  const found = await documentRoute(request, route, { changes: true });
  if (found.error) return found.error;
  const { server, account, target } = found;
  if (!target.canDelete) return refuse(403, 'Only its creator, and the workspace’s owners and admins, move a document to the trash.');
  try {
    await trashDocument(server.database.db, server.sync, target, account.user, Date.now());
  } catch (error) {
    return trashFailure(error);
  }
  return new Response(null, { status: 204 });
}
