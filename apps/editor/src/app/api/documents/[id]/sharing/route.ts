import { type DocumentRouteParams, documentRoute } from '@/server/documentRoute';
import { refuse } from '@/server/routeAccount';
import { sharingOf } from '@/workspace/sharingOf';

/**
 * `GET /api/documents/{id}/sharing` → `DocumentSharing`: who has access to the document (people by
 * name, with their roles), its links (working or not, and why), whether the workspace allows links,
 * and the workspace's people to share with. For those who share it (owners, admins, members); 403 for others.
 */
export async function GET(request: Request, route: DocumentRouteParams): Promise<Response> {
  const found = await documentRoute(request, route, { changes: false });
  if (found.error) return found.error;
  const { server, target } = found;
  if (!target.canShare) return refuse(403, 'Only members of its workspace share a document.');
  return Response.json(await sharingOf(server.database.db, target, Date.now()), { headers: { 'Cache-Control': 'no-store' } });
}
