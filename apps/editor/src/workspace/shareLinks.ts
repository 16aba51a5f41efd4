import type { Kysely } from 'kysely';
import type { AppTables, ShareLinkRow, ShareRole } from '@/db/tables';
import { hashToken, newId, newSecretToken } from './secretToken';

type Db = Kysely<AppTables>;

/**
 * Why a share link opens nothing: revoked one by one, expired, link sharing turned off for the
 * workspace, or its document in the trash or gone. null: it works.
 */
export type ShareLinkProblem = 'revoked' | 'expired' | 'sharing-off' | 'document-deleted' | 'not-found';

export interface ResolvedShareLink {
  link: ShareLinkRow;
  workspaceId: string;
  problem: ShareLinkProblem | null;
}

/** Creates a share link; the token is returned once, the database keeps only its hash. */
export async function createShareLink(
  db: Db,
  input: { docId: string; role: ShareRole; createdBy: string | null; expiresAt: number | null; now: number },
): Promise<{ link: ShareLinkRow; token: string }> {
  const token = newSecretToken();
  const link: ShareLinkRow = {
    id: newId('lnk'),
    doc_id: input.docId,
    role: input.role,
    token_hash: hashToken(token),
    created_by: input.createdBy,
    created_at: input.now,
    expires_at: input.expiresAt,
    revoked_at: null,
    revoked_by: null,
  };
  await db.insertInto('share_link').values(link).execute();
  return { link, token };
}

function problemOf(
  row: { revoked_at: number | null; expires_at: number | null; link_sharing: number; deleted_at: number | null },
  now: number,
) {
  if (row.revoked_at !== null) return 'revoked';
  if (row.expires_at !== null && row.expires_at <= now) return 'expired';
  if (row.link_sharing !== 1) return 'sharing-off';
  if (row.deleted_at !== null) return 'document-deleted';
  return null;
}

function selectLinks(db: Db) {
  return db
    .selectFrom('share_link')
    .innerJoin('document', 'document.id', 'share_link.doc_id')
    .innerJoin('workspace_settings', 'workspace_settings.workspace_id', 'document.workspace_id')
    .selectAll('share_link')
    .select(['document.workspace_id', 'document.deleted_at', 'workspace_settings.link_sharing']);
}

/** The link a token opens, with what (if anything) stops it working at `now`; null for an unknown token. */
export async function resolveShareLink(db: Db, token: string, now: number): Promise<ResolvedShareLink | null> {
  const row = await selectLinks(db).where('share_link.token_hash', '=', hashToken(token)).executeTakeFirst();
  if (row === undefined) return null;
  const { workspace_id, deleted_at, link_sharing, ...link } = row;
  return { link, workspaceId: workspace_id, problem: problemOf(row, now) };
}

/** Revokes one link; false when it was already revoked or does not exist. */
export async function revokeShareLink(db: Db, id: string, by: string | null, now: number): Promise<boolean> {
  const result = await db
    .updateTable('share_link')
    .set({ revoked_at: now, revoked_by: by })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** A document's links, newest first, revoked and expired ones included (the dialog shows why they stopped). */
export async function listShareLinks(db: Db, docId: string): Promise<ShareLinkRow[]> {
  return db.selectFrom('share_link').selectAll().where('doc_id', '=', docId).orderBy('created_at', 'desc').execute();
}

/** Remembers that a signed-in person opened a link, so the document is in their list while the link works. */
export async function recordShareLinkVisit(db: Db, linkId: string, userId: string, now: number): Promise<{ first: boolean }> {
  const existing = await db
    .selectFrom('share_link_visit')
    .select('first_visit_at')
    .where('link_id', '=', linkId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (existing !== undefined) {
    await db
      .updateTable('share_link_visit')
      .set({ last_visit_at: now })
      .where('link_id', '=', linkId)
      .where('user_id', '=', userId)
      .execute();
    return { first: false };
  }
  await db
    .insertInto('share_link_visit')
    .values({ link_id: linkId, user_id: userId, first_visit_at: now, last_visit_at: now })
    .onConflict((conflict) => conflict.columns(['link_id', 'user_id']).doUpdateSet({ last_visit_at: now }))
    .execute();
  return { first: true };
}

/** The documents a person holds through links they opened that still work, with the link's role. */
export async function linkAccessOf(
  db: Db,
  userId: string,
  now: number,
): Promise<{ docId: string; role: ShareRole; linkId: string; workspaceId: string }[]> {
  const rows = await selectLinks(db)
    .innerJoin('share_link_visit', 'share_link_visit.link_id', 'share_link.id')
    .where('share_link_visit.user_id', '=', userId)
    .execute();
  return rows
    .filter((row) => problemOf(row, now) === null)
    .map((row) => ({ docId: row.doc_id, role: row.role, linkId: row.id, workspaceId: row.workspace_id }));
}

/** Who opened links to a document (to revoke their tokens when a link stops working). */
export async function linkVisitors(db: Db, linkId: string): Promise<string[]> {
  const rows = await db.selectFrom('share_link_visit').select('user_id').where('link_id', '=', linkId).execute();
  return rows.map((row) => row.user_id);
}
