import { compactionNeeded } from './compactionNeeded.js';
import type { DocQueue } from './docQueue.js';
import { metaKey } from './keys.js';
import type { BatchOp, LevelDb } from './levelDb.js';
import type { LevelStoreOptions } from './levelStoreOptions.js';
import { mergeSnapshot } from './mergeSnapshot.js';
import type { MergedState } from './mergeUpdates.js';
import type { MergeWorker } from './mergeWorker.js';
import { readSnapshot, readStoredMeta, type Snapshot } from './readDocRecords.js';
import { StoreError } from './storeError.js';
import { encodeStoredMeta, type StoredMeta } from './storedMeta.js';

/**
 * Online compaction. A compaction claims its doc (at most one per doc) inside the doc's queue
 * before it reads the snapshot, merges outside the queue (appends keep flowing meanwhile),
 * then commits inside the queue in ONE atomic batch: delete the snapshot's records, put the
 * merged state under the newest of their keys (so it still sorts before later appends), and
 * rewrite the metadata. The commit is skipped if the doc was deleted, re-created or compacted
 * since the snapshot, so a crash or a race leaves the old records or the new one, never a mix.
 */
export interface Compactor {
  /** True if `meta` is over a threshold and no compaction of the doc is running or backing off. */
  shouldCompact(docName: string, meta: StoredMeta): boolean;
  /** Claim the doc. Call inside the doc's queue, only after shouldCompact returned true. */
  claim(docName: string): void;
  /** Release a claim without compacting (the merge failed), backing off like a failure. */
  release(docName: string, meta: StoredMeta): void;
  /** Claims (call inside the append's queued task) and compacts in the background. */
  compactInBackground(docName: string, meta: StoredMeta): void;
  /** Commits an already merged snapshot in the background (the claim is held by the caller). */
  commitInBackground(docName: string, snapshot: Snapshot, merged: MergedState): void;
  /** Resolves when no compaction is running. */
  idle(): Promise<void>;
  /** True while a compaction is running. */
  readonly busy: boolean;
  /** Forgets a deleted doc's back-off. */
  forget(docName: string): void;
}

export interface CompactorDeps {
  db: LevelDb;
  queue: DocQueue;
  worker: MergeWorker;
  options: Pick<LevelStoreOptions, 'compactAfterUpdates' | 'compactAfterBytes' | 'sync' | 'onCompaction'>;
  onError(error: StoreError): void;
}

export function createCompactor({ db, queue, worker, options, onError }: CompactorDeps): Compactor {
  const claimed = new Set<string>();
  const running = new Set<Promise<void>>();
  /** totalUpdates from which a doc whose compaction failed may be tried again. */
  const retryAt = new Map<string, number>();
  const retryStep = Number.isFinite(options.compactAfterUpdates) ? options.compactAfterUpdates : 500;

  function commit(docName: string, snapshot: Snapshot, merged: MergedState, startedAt: number): Promise<void> {
    return queue.run(docName, async () => {
      const meta = await readStoredMeta(db, docName);
      const unchanged =
        meta !== null && meta.epoch === snapshot.meta.epoch && meta.compactions === snapshot.meta.compactions;
      if (!unchanged) return;
      const lastKey = snapshot.keys[snapshot.keys.length - 1] as Uint8Array;
      let replacedBytes = 0;
      const ops: BatchOp[] = [];
      snapshot.keys.forEach((key, i) => {
        replacedBytes += (snapshot.values[i] as Uint8Array).length;
        if (key !== lastKey) ops.push({ type: 'del', key });
      });
      ops.push({ type: 'put', key: lastKey, value: merged.update });
      const next: StoredMeta = {
        ...meta,
        updateCount: meta.updateCount - snapshot.keys.length + 1,
        bytes: meta.bytes - replacedBytes + merged.update.length,
        baseBytes: merged.update.length,
        compactions: meta.compactions + 1,
      };
      ops.push({ type: 'put', key: metaKey(docName), value: encodeStoredMeta(next) });
      await db.batch(ops, { sync: options.sync });
      try {
        options.onCompaction?.({
          docName,
          durationMs: performance.now() - startedAt,
          records: snapshot.keys.length,
          bytesBefore: replacedBytes,
          bytesAfter: merged.update.length,
        });
      } catch (error) {
        onError(new StoreError('onCompaction threw', { docName, cause: error }));
      }
    });
  }

  function backOff(docName: string, meta: StoredMeta): void {
    retryAt.set(docName, meta.totalUpdates + retryStep);
  }

  /** Runs claimed work in the background; releases the claim when it settles. */
  function runClaimed(docName: string, meta: StoredMeta, work: () => Promise<void>): void {
    const job = work()
      .then(
        () => {
          retryAt.delete(docName);
        },
        (error: unknown) => {
          backOff(docName, meta);
          onError(new StoreError('online compaction failed; the uncompacted records are kept', { docName, cause: error }));
        },
      )
      .finally(() => {
        claimed.delete(docName);
        running.delete(job);
      });
    running.add(job);
  }

  return {
    shouldCompact(docName, meta) {
      if (claimed.has(docName) || !compactionNeeded(meta, options)) return false;
      const from = retryAt.get(docName);
      return from === undefined || meta.totalUpdates >= from;
    },
    claim(docName) {
      claimed.add(docName);
    },
    release(docName, meta) {
      claimed.delete(docName);
      backOff(docName, meta);
    },
    compactInBackground(docName, meta) {
      claimed.add(docName);
      const startedAt = performance.now();
      runClaimed(docName, meta, async () => {
        const snapshot = await queue.run(docName, () => readSnapshot(db, docName));
        if (snapshot === null || snapshot.keys.length < 2) return;
        const merged = await mergeSnapshot(docName, snapshot, worker);
        await commit(docName, snapshot, merged, startedAt);
      });
    },
    commitInBackground(docName, snapshot, merged) {
      const startedAt = performance.now();
      runClaimed(docName, snapshot.meta, () => commit(docName, snapshot, merged, startedAt));
    },
    async idle() {
      while (running.size > 0) await Promise.all(running);
    },
    get busy() {
      return running.size > 0;
    },
    forget(docName) {
      retryAt.delete(docName);
    },
  };
}
