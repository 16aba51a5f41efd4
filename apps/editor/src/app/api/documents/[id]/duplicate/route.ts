import { type DocumentRouteParams, documentRoute } from '@/server/documentRoute';
import { refuse, jsonBody } from '@/server/routeAccount';
import { trashFailure } from '@/server/trashAnswer';
import { createDocument, newWorkspaceDocId } from '@/workspace/documents';
import { seesWholeWorkspace } from '@/workspace/roles';
import { installedWorkspace } from '@/workspace/workspaces';

/**
 * `POST /api/documents/{id}/duplicate` `{ title? }` → `{ docId }`: a copy of the document as it is
 * now (content, title, images), a new document of the person's workspace with them as its creator.
 * Anyone who can open it and creates documents (owners, admins, members; 403 for guests). Made by the
 * sync server (`POST /api/docs/{name}/duplicate`); nothing is recorded when it fails.
 */
export async function POST(request: Request, route: DocumentRouteParams): Promise<Response> {
  const found = await documentRoute(request, route, { changes: true });
  if (found.error) return found.error;
  const { server, account, target } = found;
  const { db } = server.database;
  const workspace = await installedWorkspace(db);
  if (workspace === null || account.role === null || !seesWholeWorkspace(account.role)) {
    return refuse(403, 'Only members of the workspace create documents in it.');
  }
  if (target.inTrash) return refuse(409, 'It is in the trash: restore it first.');
  const body = await jsonBody(request);
  const given = typeof body.title === 'string' ? body.title.trim().slice(0, 200) : '';
  const title = given !== '' ? given : `Copy of ${target.doc?.title ?? 'Untitled'}`;
  const docId = newWorkspaceDocId(workspace.docPrefix);
  await createDocument(db, { id: docId, workspaceId: workspace.id, createdBy: account.user.id, title, now: Date.now() });
  try {
    await server.sync.duplicate(target.docId, docId, title, account.user);
  } catch (error) {
    await db.deleteFrom('document').where('id', '=', docId).execute();
    return trashFailure(error);
  }
  return Response.json({ docId, title }, { status: 201, headers: { 'Cache-Control': 'no-store' } });
}
