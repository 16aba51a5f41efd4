import { type DocumentRouteParams, documentRoute } from '@/server/documentRoute';
import { restoreDocument } from '@/server/documentTrash';
import { refuse } from '@/server/routeAccount';
import { trashFailure } from '@/server/trashAnswer';

/**
 * `POST /api/documents/{id}/restore` → `{ content }`: brings a document back from the trash (its
 * creator, owners and admins). `content: false` when the sync server kept nothing of it (it was
 * never edited, or purged by the sync server's own retention). 409 when it is not in the trash.
 */
export async function POST(request: Request, route: DocumentRouteParams): Promise<Response> {
  const found = await documentRoute(request, route, { changes: true });
  if (found.error) return found.error;
  const { server, account, target } = found;
  if (!target.canDelete) return refuse(403, 'Only its creator, and the workspace’s owners and admins, restore a document.');
  try {
    return Response.json(await restoreDocument(server.database.db, server.sync, target, account.user));
  } catch (error) {
    return trashFailure(error);
  }
}
