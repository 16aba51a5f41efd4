import { unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { StoreError } from '../storeError.js';
import { asStoreError } from './asStoreError.js';
import type { Checkpointer } from './checkpointer.js';
import type { Compactor } from './compactor.js';
import type { DocQueue } from './docQueue.js';
import { journalFileName } from './journal/journalFiles.js';
import type { Journal } from './journal/openJournal.js';
import type { LevelDb } from './levelDb.js';
import { flushLevelDbLog } from './levelDbLogs.js';
import type { MergeWorker } from './mergeWorker.js';
import type { PendingAppends } from './pendingAppends.js';
import type { SpaceReclaimer } from './spaceReclaimer.js';

export interface OpenLevelStoreParts {
  dir: string;
  db: LevelDb;
  journal: Journal;
  queue: DocQueue;
  compactor: Compactor;
  checkpointer: Checkpointer;
  pending: PendingAppends;
  worker: MergeWorker;
  reclaimer: SpaceReclaimer;
  /** Public operations not settled yet. */
  inFlight: Set<Promise<unknown>>;
  /** The first error of background work that nobody was told of, if any. */
  firstUnreported: () => StoreError | null;
}

/**
 * Closes the LevelDB store: waits for its operations and compactions to be quiet, checkpoints
 * everything into LevelDB, removes the journal files once that worked (else a reopen replays
 * them), then closes LevelDB. Throws if the last checkpoint failed or background work failed
 * without anyone being told.
 */
export async function closeLevelStore(parts: OpenLevelStoreParts): Promise<void> {
  const { db, journal, queue, compactor, checkpointer, pending, inFlight } = parts;
  // Operations start compactions and compactions queue work: drain until all are quiet.
  while (inFlight.size > 0 || queue.activeDocs > 0 || compactor.busy) {
    await Promise.allSettled([...inFlight]);
    await queue.idle();
    await compactor.idle();
  }
  checkpointer.stop();
  // Everything into LevelDB; the journal files go only if that worked (else a reopen replays them).
  let checkpointError: unknown = null;
  try {
    await checkpointer.checkpointAll();
  } catch (error) {
    checkpointError = error;
  }
  journal.close();
  if (checkpointError === null && pending.size === 0) {
    // Out of LevelDB's log into its tables: then no journal file is needed any more.
    await flushLevelDbLog(db);
    if (checkpointer.release() && journal.size === 0) unlinkSync(join(parts.dir, journalFileName(journal.current)));
  }
  await parts.worker.close();
  await parts.reclaimer.close();
  try {
    await db.close();
  } catch (error) {
    throw new StoreError('closing the LevelDB store failed', { cause: error });
  }
  if (checkpointError !== null)
    throw asStoreError(checkpointError, 'closing: the last checkpoint failed; the journal keeps the appends', null);
  const first = parts.firstUnreported();
  if (first !== null) throw first;
}
