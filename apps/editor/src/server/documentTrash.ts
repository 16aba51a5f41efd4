import type { Kysely } from 'kysely';
import type { AppTables } from '@/db/tables';
import { createDocument, moveToTrash, restoreFromTrash } from '@/workspace/documents';
import type { DocumentAccess } from '@/workspace/documentAccess';
import { type SyncActor, type SyncDocuments, SyncServerError } from './syncDocuments';

type Db = Kysely<AppTables>;

const DAY_MS = 86_400_000;

/** The app's record of the trash follows the sync server's, which holds the content: one soft delete. */
export class TrashError extends Error {
  override name = 'TrashError';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Moves a document to the trash: marked in the app first (its page and token route stop opening it),
 * then deleted on the sync server, which closes its open connections and keeps the content
 * restorable. If the sync server refuses, the mark is taken back and the error thrown.
 */
export async function trashDocument(db: Db, sync: SyncDocuments, target: DocumentAccess, actor: SyncActor, now: number): Promise<void> {
  if (target.inTrash) throw new TrashError(409, 'It is already in the trash.');
  if (target.doc === null) {
    // Made through the sync server's API in the workspace: the app records it now, to keep its deletion.
    if (target.workspace === null) throw new TrashError(404, 'This is not a document of a workspace.');
    await createDocument(db, { id: target.docId, workspaceId: target.workspace.id, createdBy: null, now });
  }
  if (!(await moveToTrash(db, target.docId, actor.id, now))) throw new TrashError(409, 'It is already in the trash.');
  try {
    await sync.trash(target.docId, actor);
  } catch (error) {
    await restoreFromTrash(db, target.docId);
    throw error;
  }
}

/**
 * Brings a document back: restored on the sync server first (so nobody opening it meanwhile starts
 * an empty one under its name), then unmarked in the app. `content: false` when the sync server kept
 * nothing of it (it was never edited, or its own retention purged it): it comes back empty.
 */
export async function restoreDocument(
  db: Db,
  sync: SyncDocuments,
  target: DocumentAccess,
  actor: SyncActor,
): Promise<{ content: boolean }> {
  if (!target.inTrash) throw new TrashError(409, 'It is not in the trash.');
  let restored: boolean;
  try {
    ({ restored } = await sync.restore(target.docId, actor));
  } catch (error) {
    if (error instanceof SyncServerError && error.status === 409) {
      throw new TrashError(409, 'A document of the same name was opened again since it was deleted, so it cannot be restored over.');
    }
    throw error;
  }
  await restoreFromTrash(db, target.docId);
  return { content: restored };
}

/** Purges a document in the trash now: its content on the sync server, then its record, shares and links in the app. */
export async function purgeDocument(db: Db, sync: SyncDocuments, target: DocumentAccess, actor: SyncActor): Promise<void> {
  if (!target.inTrash) throw new TrashError(409, 'Only a document in the trash can be deleted for good: move it to the trash first.');
  await sync.purge(target.docId, actor);
  await db.deleteFrom('document').where('id', '=', target.docId).where('deleted_at', 'is not', null).execute();
}

/** Who purges when a workspace's retention ends (recorded as the author on the sync server). */
export const RETENTION_ACTOR: SyncActor = { id: 'tandem-app', name: 'Trash retention' };

/**
 * Purges the documents that have been in their workspace's trash longer than its retention
 * (`trash_retention_days`): each on the sync server, then in the app. One the sync server refuses is
 * left for the next run and reported; returns the names purged.
 */
export async function purgeExpiredTrash(
  db: Db,
  sync: SyncDocuments,
  now: number,
  log: { error(message: string): void },
): Promise<string[]> {
  const due = await db
    .selectFrom('document')
    .innerJoin('workspace_settings', 'workspace_settings.workspace_id', 'document.workspace_id')
    .select(['document.id', 'document.deleted_at', 'workspace_settings.trash_retention_days'])
    .where('document.deleted_at', 'is not', null)
    .execute();
  const purged: string[] = [];
  for (const row of due) {
    if (row.deleted_at === null || row.deleted_at + row.trash_retention_days * DAY_MS > now) continue;
    try {
      await sync.purge(row.id, RETENTION_ACTOR);
      await db.deleteFrom('document').where('id', '=', row.id).where('deleted_at', 'is not', null).execute();
      purged.push(row.id);
    } catch (error) {
      log.error(`purging ${row.id} from the trash failed, trying again later: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return purged;
}

/**
 * Keeps the app's record in step with deletions made directly through the sync server's documents
 * API: a document the app holds as live that the sync server has in its trash and no longer stores
 * is marked deleted here too (at the sync server's time, by the deleter when that is a person), so
 * it leaves the lists and its page stops opening an editor that would recreate it. Returns the names.
 */
export async function adoptServerDeletions(db: Db, sync: SyncDocuments, now: number): Promise<string[]> {
  const workspaces = await db.selectFrom('workspace_settings').select(['workspace_id', 'doc_prefix']).execute();
  const adopted: string[] = [];
  for (const workspace of workspaces) {
    const entries = await sync.trashed([`${workspace.doc_prefix}-*`], RETENTION_ACTOR);
    if (entries.size === 0) continue;
    const live = await db
      .selectFrom('document')
      .select('id')
      .where('workspace_id', '=', workspace.workspace_id)
      .where('deleted_at', 'is', null)
      .where('id', 'in', [...entries.keys()])
      .execute();
    for (const { id } of live) {
      // Deleted, then opened again under the same name: it is live on the sync server too.
      if (await sync.exists(id, RETENTION_ACTOR)) continue;
      const entry = entries.get(id);
      const deleter = entry?.deletedBy ?? null;
      const person = deleter === null ? undefined : await db.selectFrom('user').select('id').where('id', '=', deleter).executeTakeFirst();
      if (await moveToTrash(db, id, person?.id ?? null, entry?.deletedAt ?? now)) adopted.push(id);
    }
  }
  return adopted;
}
