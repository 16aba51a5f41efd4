import { narrowOpenAccess } from '@/server/narrowOpenAccess';
import { jsonBody, refuse, routeAccount } from '@/server/routeAccount';
import { managesMembers } from '@/workspace/roles';
import { getWorkspace, setLinkSharing, setTrashRetention } from '@/workspace/workspaces';

const MAX_RETENTION_DAYS = 365;

/**
 * `PATCH /api/workspace/settings` `{ linkSharing?: boolean, trashRetentionDays?: 1..365 }` (owners
 * and admins) → the settings. Turning link sharing off stops every link of the workspace at once:
 * opening one shows "no access", and those who hold documents only through links lose them on their
 * open editors too. Turning it on again makes the links that have not expired or been revoked work again.
 */
export async function PATCH(request: Request): Promise<Response> {
  const found = await routeAccount(request, { changes: true });
  if (found.error) return found.error;
  const { server, account } = found;
  if (account.workspace === null || account.role === null || !managesMembers(account.role)) {
    return refuse(403, 'Only owners and admins change the workspace’s settings.');
  }
  const body = await jsonBody(request);
  const { linkSharing, trashRetentionDays } = body;
  if (linkSharing !== undefined && typeof linkSharing !== 'boolean') return refuse(400, '"linkSharing" must be true or false');
  if (
    trashRetentionDays !== undefined &&
    (typeof trashRetentionDays !== 'number' ||
      !Number.isInteger(trashRetentionDays) ||
      trashRetentionDays < 1 ||
      trashRetentionDays > MAX_RETENTION_DAYS)
  ) {
    return refuse(400, `"trashRetentionDays" must be a whole number of days, 1 to ${MAX_RETENTION_DAYS}`);
  }
  const { db } = server.database;
  const workspaceId = account.workspace.id;
  const before = await getWorkspace(db, workspaceId);
  if (before === null) return refuse(404, 'The workspace has no settings.');
  if (typeof trashRetentionDays === 'number') await setTrashRetention(db, workspaceId, trashRetentionDays);
  if (typeof linkSharing === 'boolean') await setLinkSharing(db, workspaceId, linkSharing);
  if (before.linkSharing && linkSharing === false) {
    const visits = await db
      .selectFrom('share_link_visit')
      .innerJoin('share_link', 'share_link.id', 'share_link_visit.link_id')
      .innerJoin('document', 'document.id', 'share_link.doc_id')
      .select(['share_link_visit.user_id', 'share_link.doc_id'])
      .where('document.workspace_id', '=', workspaceId)
      .execute();
    await narrowOpenAccess(db, server.revocations, {
      userIds: visits.map((visit) => visit.user_id),
      docIds: [...new Set(visits.map((visit) => visit.doc_id))],
      reason: 'link sharing turned off',
      now: Date.now(),
    });
  }
  const after = await getWorkspace(db, workspaceId);
  return Response.json({ linkSharing: after?.linkSharing, trashRetentionDays: after?.trashRetentionDays });
}
