import { type Kysely, sql } from 'kysely';
import type { AppTables, DocumentRow } from '@/db/tables';
import { newDocId } from '@/docs/newDocId';

type Db = Kysely<AppTables>;

/** A new document name in a workspace: `<prefix>-<12 random characters>`. */
export function newWorkspaceDocId(docPrefix: string): string {
  return `${docPrefix}-${newDocId()}`;
}

/** Records a new document of a workspace, created by `createdBy`. */
export async function createDocument(
  db: Db,
  input: { id: string; workspaceId: string; createdBy: string | null; title?: string | null; now: number },
): Promise<DocumentRow> {
  const row: DocumentRow = {
    id: input.id,
    workspace_id: input.workspaceId,
    created_by: input.createdBy,
    created_at: input.now,
    title: input.title ?? null,
    deleted_at: null,
    deleted_by: null,
  };
  await db.insertInto('document').values(row).execute();
  return row;
}

export async function getDocument(db: Db, id: string): Promise<DocumentRow | null> {
  return (await db.selectFrom('document').selectAll().where('id', '=', id).executeTakeFirst()) ?? null;
}

export interface DocumentQuery {
  /** Only documents this person created ("mine"). */
  createdBy?: string;
  /** Case-insensitive part of the last known title. */
  titleContains?: string;
  /** `live` (default), `trash` (deleted, not yet purged) or `all`. */
  state?: 'live' | 'trash' | 'all';
}

/** A workspace's documents, newest first. */
export async function listWorkspaceDocuments(db: Db, workspaceId: string, query: DocumentQuery = {}): Promise<DocumentRow[]> {
  let select = db.selectFrom('document').selectAll().where('workspace_id', '=', workspaceId);
  const state = query.state ?? 'live';
  if (state === 'live') select = select.where('deleted_at', 'is', null);
  if (state === 'trash') select = select.where('deleted_at', 'is not', null);
  if (query.createdBy !== undefined) select = select.where('created_by', '=', query.createdBy);
  if (query.titleContains !== undefined && query.titleContains !== '') {
    const pattern = `%${query.titleContains.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    // ESCAPE spelled out: SQLite has no default escape character, PostgreSQL's is the same backslash.
    select = select.where(sql<boolean>`lower(title) like ${pattern} escape '\\'`);
  }
  return select.orderBy('created_at', 'desc').execute();
}

/** Keeps the last known title (the document's own title lives in its Yjs state). */
export async function setDocumentTitle(db: Db, id: string, title: string | null): Promise<void> {
  await db.updateTable('document').set({ title }).where('id', '=', id).execute();
}

/** Moves a document to the trash; false when it is not there or already in it. */
export async function moveToTrash(db: Db, id: string, by: string | null, now: number): Promise<boolean> {
  const result = await db
    .updateTable('document')
    .set({ deleted_at: now, deleted_by: by })
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Brings a document back from the trash; false when it was not in it. */
export async function restoreFromTrash(db: Db, id: string): Promise<boolean> {
  const result = await db
    .updateTable('document')
    .set({ deleted_at: null, deleted_by: null })
    .where('id', '=', id)
    .where('deleted_at', 'is not', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Forgets the documents of a workspace that have been in the trash since before `deletedBefore`; returns their names. */
export async function purgeTrash(db: Db, workspaceId: string, deletedBefore: number): Promise<string[]> {
  const rows = await db
    .deleteFrom('document')
    .where('workspace_id', '=', workspaceId)
    .where('deleted_at', '<', deletedBefore)
    .returning('id')
    .execute();
  return rows.map((row) => row.id);
}
