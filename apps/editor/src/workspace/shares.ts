import type { Kysely } from 'kysely';
import type { AppTables, ShareRole } from '@/db/tables';

type Db = Kysely<AppTables>;

export const SHARE_ROLES: readonly ShareRole[] = ['editor', 'viewer'];

export function isShareRole(value: unknown): value is ShareRole {
  return value === 'editor' || value === 'viewer';
}

export interface DocumentShare {
  docId: string;
  userId: string;
  name: string;
  email: string;
  color: string | null;
  role: ShareRole;
  sharedBy: string | null;
  createdAt: number;
}

/** Shares a document with a person as editor or viewer (sharing again changes the role). */
export async function shareDocument(
  db: Db,
  input: { docId: string; userId: string; role: ShareRole; sharedBy: string | null; now: number },
): Promise<void> {
  await db
    .insertInto('document_share')
    .values({ doc_id: input.docId, user_id: input.userId, role: input.role, shared_by: input.sharedBy, created_at: input.now })
    .onConflict((conflict) => conflict.columns(['doc_id', 'user_id']).doUpdateSet({ role: input.role, shared_by: input.sharedBy }))
    .execute();
}

/** Stops sharing a document with a person; false when it was not shared with them. */
export async function unshareDocument(db: Db, docId: string, userId: string): Promise<boolean> {
  const result = await db.deleteFrom('document_share').where('doc_id', '=', docId).where('user_id', '=', userId).executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

/** The people a document is shared with, by name. */
export async function listDocumentShares(db: Db, docId: string): Promise<DocumentShare[]> {
  const rows = await db
    .selectFrom('document_share')
    .innerJoin('user', 'user.id', 'document_share.user_id')
    .select([
      'document_share.doc_id',
      'document_share.user_id',
      'document_share.role',
      'document_share.shared_by',
      'document_share.created_at',
      'user.name',
      'user.email',
      'user.color',
    ])
    .where('document_share.doc_id', '=', docId)
    .orderBy('user.name')
    .execute();
  return rows.map((row) => ({
    docId: row.doc_id,
    userId: row.user_id,
    name: row.name,
    email: row.email,
    color: row.color,
    role: row.role,
    sharedBy: row.shared_by,
    createdAt: row.created_at,
  }));
}

/** The documents shared with a person ("shared with me"), trash left out. */
export async function sharesOf(db: Db, userId: string): Promise<{ docId: string; role: ShareRole; workspaceId: string }[]> {
  const rows = await db
    .selectFrom('document_share')
    .innerJoin('document', 'document.id', 'document_share.doc_id')
    .select(['document_share.doc_id', 'document_share.role', 'document.workspace_id'])
    .where('document_share.user_id', '=', userId)
    .where('document.deleted_at', 'is', null)
    .execute();
  return rows.map((row) => ({ docId: row.doc_id, role: row.role, workspaceId: row.workspace_id }));
}
