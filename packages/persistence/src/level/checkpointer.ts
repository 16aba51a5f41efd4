import { sealValue } from './checkedValue.js';
import type { DocQueue } from './docQueue.js';
import type { Journal } from './journal/openJournal.js';
import { metaKey } from './keys.js';
import { levelDbLogsRetired, newestLevelDbLog } from './levelDbLogs.js';
import { type BatchOp, type LevelDb, writeBatch } from './levelDb.js';
import type { MetaCache } from './metaCache.js';
import type { PendingAppends } from './pendingAppends.js';
import { encodeBatchRecord } from './storedBatch.js';
import { StoreError } from '../storeError.js';
import { encodeStoredMeta } from './storedMeta.js';

/**
 * Copies journalled appends into LevelDB (a checkpoint) and removes the journal files that are no
 * longer needed. Each doc is copied in ONE atomic batch (its records and metadata) inside its
 * queue, so readers never see one without the other. Runs every `intervalMs` while anything is
 * pending, sooner when the journal grows past `maxJournalBytes`.
 */
export interface Checkpointer {
  /** An append was journalled: make sure a checkpoint is scheduled. */
  appended(): void;
  /** Copies one doc's pending appends now. Call inside the doc's queue. */
  flushDoc(docName: string): Promise<void>;
  /** Copies everything pending now (each doc through its queue). Rejects if a doc failed. */
  checkpointAll(): Promise<void>;
  /** Stops the timer (close() then runs a last checkpointAll). */
  stop(): void;
  /** Removes the journal files LevelDB no longer needs; true if none is held for it any more. */
  release(): boolean;
}

export interface CheckpointerDeps {
  db: LevelDb;
  /** LevelDB's directory (where its log files are). */
  dir: string;
  queue: DocQueue;
  journal: Journal;
  metaCache: MetaCache;
  pending: PendingAppends;
  writeOptions: { sync: boolean };
  intervalMs: number;
  maxJournalBytes: number;
  onError(error: StoreError): void;
}

export function createCheckpointer(deps: CheckpointerDeps): Checkpointer {
  const { db, queue, journal, metaCache, pending } = deps;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let stopped = false;
  /**
   * Journal files below `before` are in LevelDB, but only in its logs up to `newestLog` until it
   * retires them (levelDbLogs.ts): they stay until then, so a replay can restore what a damaged
   * LevelDB log lost.
   */
  const held: { before: number; newestLog: number }[] = [];

  function release(): boolean {
    let before: number | null = null;
    while (held.length > 0 && levelDbLogsRetired(deps.dir, (held[0] as { newestLog: number }).newestLog)) {
      before = (held.shift() as { before: number }).before;
    }
    if (before !== null) journal.removeBefore(before);
    return held.length === 0;
  }

  async function flushDoc(docName: string): Promise<void> {
    const doc = pending.get(docName);
    if (doc === undefined) return;
    const ops: BatchOp[] = doc.records.map((record) => ({ type: 'put', key: record.key, value: sealValue(record.key, record.value) }));
    for (const batch of doc.batches) ops.push({ type: 'put', ...encodeBatchRecord(docName, batch) });
    ops.push({ type: 'put', key: metaKey(docName), value: encodeStoredMeta(docName, doc.live) });
    try {
      await writeBatch(db, ops, deps.writeOptions);
    } catch (error) {
      throw new StoreError('checkpoint: copying journalled appends into LevelDB failed; they stay in the journal', {
        docName,
        cause: error,
      });
    }
    metaCache.set(docName, doc.live);
    if (pending.get(docName) === doc) pending.delete(docName);
  }

  async function runCheckpoint(): Promise<void> {
    journal.rotate();
    const docs = [...pending.keys()];
    const results = await Promise.allSettled(docs.map((docName) => queue.run(docName, () => flushDoc(docName))));
    let oldestNeeded = journal.current;
    for (const doc of pending.values()) oldestNeeded = Math.min(oldestNeeded, doc.firstFile);
    held.push({ before: oldestNeeded, newestLog: newestLevelDbLog(deps.dir) });
    release();
    const failed = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failed !== undefined) throw failed.reason;
  }

  function checkpointAll(): Promise<void> {
    if (timer !== null) {
      clearTimeout(timer);
      timer = null;
    }
    // One at a time; a caller arriving during a run waits for it and then runs again.
    const previous = running ?? Promise.resolve();
    const next: Promise<void> = previous
      .catch(() => {})
      .then(runCheckpoint)
      .finally(() => {
        if (running === next) running = null;
        schedule();
      });
    running = next;
    return next;
  }

  function schedule(): void {
    if (stopped || timer !== null || pending.size === 0) return;
    const delay = journal.size >= deps.maxJournalBytes ? 0 : deps.intervalMs;
    timer = setTimeout(() => {
      timer = null;
      checkpointAll().catch((error: unknown) =>
        deps.onError(error instanceof StoreError ? error : new StoreError('checkpoint failed', { cause: error })),
      );
    }, delay);
    timer.unref();
  }

  return {
    appended() {
      if (journal.size >= deps.maxJournalBytes && timer !== null && running === null) {
        clearTimeout(timer);
        timer = null;
      }
      schedule();
    },
    flushDoc,
    checkpointAll,
    release,
    stop() {
      stopped = true;
      if (timer !== null) clearTimeout(timer);
      timer = null;
    },
  };
}
