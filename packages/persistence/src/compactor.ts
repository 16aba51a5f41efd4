import { compactionNeeded } from './compactionNeeded.js';
import type { DocQueue } from './docQueue.js';
import { metaKey } from './keys.js';
import { type BatchOp, type LevelDb, writeBatch } from './levelDb.js';
import type { LevelStoreOptions } from './levelStoreOptions.js';
import { mergeSnapshot } from './mergeSnapshot.js';
import type { MergedState } from './mergeUpdates.js';
import type { MergeWorker } from './mergeWorker.js';
import type { MetaCache } from './metaCache.js';
import type { PendingAppends } from './pendingAppends.js';
import { captureSnapshot, type Snapshot } from './readDocRecords.js';
import { StoreError } from './storeError.js';
import { encodeStoredMeta, type StoredMeta } from './storedMeta.js';

/**
 * Online compaction. A compaction claims its doc (at most one per doc) and captures its snapshot
 * inside the doc's queue (LevelDB's implicit snapshot plus the journalled records), reads and
 * merges it outside the queue (appends keep flowing meanwhile),
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
  /**
   * Resolves once no compaction is reading the doc's records. Its LevelDB iterator holds an
   * implicit snapshot, which keeps records deleted meanwhile in LevelDB's files (a delete waits
   * for it, so that reclaiming the doc's space can drop them). Needs no queue: safe to await in it.
   */
  snapshotRead(docName: string): Promise<void>;
}

export interface CompactorDeps {
  db: LevelDb;
  queue: DocQueue;
  worker: MergeWorker;
  metaCache: MetaCache;
  /** Journalled appends not in LevelDB yet: a snapshot takes the doc's along, a commit writes newer ones. */
  pending: PendingAppends;
  /**
   * After a compaction committed: the doc's current metadata (call inside its queue), or null if
   * the store is closing. Appends made while it merged may have crossed a threshold again, and
   * no further append may come to notice.
   */
  currentMeta(docName: string): Promise<StoredMeta | null>;
  options: Pick<LevelStoreOptions, 'compactAfterUpdates' | 'compactAfterBytes' | 'sync' | 'onCompaction'>;
  /** Told after each commit: the replaced records' disk space can be reclaimed. */
  onCommitted(docName: string): void;
  onError(error: StoreError): void;
}

export function createCompactor(deps: CompactorDeps): Compactor {
  const { db, queue, worker, metaCache, pending, options, onError } = deps;
  const claimed = new Set<string>();
  const running = new Set<Promise<void>>();
  /** totalUpdates from which a doc whose compaction failed may be tried again. */
  const retryAt = new Map<string, number>();
  const retryStep = Number.isFinite(options.compactAfterUpdates) ? options.compactAfterUpdates : 500;

  function commit(docName: string, snapshot: Snapshot, merged: MergedState, startedAt: number): Promise<void> {
    return queue.run(docName, async () => {
      // The doc's current metadata: journalled appends included (a new doc may have no LevelDB record yet).
      const meta = pending.get(docName)?.live ?? (await metaCache.read(docName));
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
      // Appends journalled since the snapshot (newer seqs) go into LevelDB in the same batch; the
      // journalled ones the snapshot took are replaced by the merged record.
      const newer = pending.get(docName);
      for (const record of newer?.records ?? []) {
        if (Buffer.compare(record.key, lastKey) > 0) ops.push({ type: 'put', key: record.key, value: record.value });
      }
      const base = newer?.live ?? meta;
      const next: StoredMeta = {
        ...base,
        updateCount: base.updateCount - snapshot.keys.length + 1,
        bytes: base.bytes - replacedBytes + merged.update.length,
        baseBytes: merged.update.length,
        compactions: base.compactions + 1,
      };
      ops.push({ type: 'put', key: metaKey(docName), value: encodeStoredMeta(next) });
      await writeBatch(db, ops, { sync: options.sync });
      metaCache.set(docName, next);
      if (newer !== undefined && pending.get(docName) === newer) pending.delete(docName);
      deps.onCommitted(docName);
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

  /** Snapshot reads in progress: their LevelDB iterators pin the records they see. */
  const reads = new Map<string, Promise<void>>();
  function trackRead(docName: string, reading: Promise<unknown>): void {
    const done = reading.then(
      () => {},
      () => {},
    );
    reads.set(docName, done);
    void done.then(() => {
      if (reads.get(docName) === done) reads.delete(docName);
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
          return true;
        },
        (error: unknown) => {
          backOff(docName, meta);
          onError(new StoreError('online compaction failed; the uncompacted records are kept', { docName, cause: error }));
          return false;
        },
      )
      .then(async (succeeded) => {
        // Released before the re-check, which may claim the doc again for the next round.
        claimed.delete(docName);
        if (!succeeded) return;
        await queue.run(docName, async () => {
          const current = await deps.currentMeta(docName);
          if (current !== null && compactor.shouldCompact(docName, current)) compactor.compactInBackground(docName, current);
        });
      })
      .catch((error: unknown) => onError(new StoreError('online compaction: re-checking the thresholds failed', { docName, cause: error })))
      .finally(() => {
        running.delete(job);
      });
    running.add(job);
  }

  const compactor: Compactor = {
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
        // Only the capture holds the doc's queue (no LevelDB round trip): appends made while the
        // records are read and merged are not delayed (a flush and a read in the queue held them
        // for 3-16 ms per compaction, the worst of the durable-ack p99).
        const captured = await queue.run(docName, async () =>
          captureSnapshot(db, docName, await metaCache.read(docName), pending.get(docName)),
        );
        if (captured === null) return;
        const reading = captured.read();
        trackRead(docName, reading);
        const snapshot = await reading;
        if (snapshot.keys.length < 2) return;
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
    snapshotRead(docName) {
      return reads.get(docName) ?? Promise.resolve();
    },
  };
  return compactor;
}
