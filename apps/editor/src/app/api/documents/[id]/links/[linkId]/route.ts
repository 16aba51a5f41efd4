import { documentRoute } from '@/server/documentRoute';
import { narrowOpenAccess } from '@/server/narrowOpenAccess';
import { refuse } from '@/server/routeAccount';
import { linkVisitors, revokeShareLink } from '@/workspace/shareLinks';

type Params = { params: Promise<{ id: string; linkId: string }> };

/**
 * `DELETE /api/documents/{id}/links/{linkId}`: revokes one link. Opening it then shows "no access";
 * those who had opened it lose what it gave them, on their open editors too (unless they have the
 * document another way). 204; 404 when it is not a working link of this document.
 */
export async function DELETE(request: Request, { params }: Params): Promise<Response> {
  const found = await documentRoute(request, { params }, { changes: true });
  if (found.error) return found.error;
  const { server, account, target } = found;
  if (!target.canShare) return refuse(403, 'Only members of its workspace revoke links to a document.');
  const { linkId } = await params;
  const { db } = server.database;
  const link = await db
    .selectFrom('share_link')
    .select('id')
    .where('id', '=', linkId)
    .where('doc_id', '=', target.docId)
    .executeTakeFirst();
  const now = Date.now();
  if (link === undefined || !(await revokeShareLink(db, linkId, account.user.id, now))) return refuse(404, 'No such working link.');
  await narrowOpenAccess(db, server.revocations, {
    userIds: await linkVisitors(db, linkId),
    docIds: [target.docId],
    reason: 'link revoked',
    now,
  });
  return new Response(null, { status: 204 });
}
