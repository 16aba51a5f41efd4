import { compactionNeeded } from './compactionNeeded.js';
import type { DocQueue } from './docQueue.js';
import { metaKey, seqOfKey } from './keys.js';
import { type LevelDb, writeBatch } from './levelDb.js';
import type { LevelStoreOptions } from './levelStoreOptions.js';
import type { MergeWorker } from './mergeWorker.js';
import type { MetaCache } from './metaCache.js';
import type { PendingAppends } from './pendingAppends.js';
import { readBatchRecords } from './readBatchesAfter.js';
import { captureSnapshot, type Snapshot } from './readDocRecords.js';
import { planSpans, readVersionSeqs, type SpanPlan, spanCommitOps, splitsMergedSpan } from './spanCompaction.js';
import { StoreError } from '../storeError.js';
import { encodeStoredMeta, type StoredMeta } from './storedMeta.js';

/**
 * Online compaction. A compaction claims its doc (at most one per doc) and captures its snapshot
 * inside the doc's queue (LevelDB's implicit snapshot plus the journalled records), reads it, the
 * doc's batch records and its versions, and merges outside the queue (appends keep flowing
 * meanwhile): the records of each span between two versions become one (spanCompaction.ts), so
 * every version's state stays readable. It then commits inside the queue in ONE atomic batch:
 * delete a merged span's records, put its merged state under the newest of their keys (so it still
 * sorts before later appends), one batch record for the span, and the metadata. The commit is
 * skipped if the doc was deleted, re-created or compacted since the snapshot, or a version was made
 * meanwhile inside a span it merged, so a crash or a race leaves the old records or the new ones,
 * never a mix.
 */
export interface Compactor {
  /** True if `meta` is over a threshold and no compaction of the doc is running or backing off. */
  shouldCompact(docName: string, meta: StoredMeta): boolean;
  /** Claims (call inside the doc's queue) and compacts in the background. */
  compactInBackground(docName: string, meta: StoredMeta): void;
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

  function commit(docName: string, snapshot: Snapshot, plan: SpanPlan, startedAt: number): Promise<void> {
    return queue.run(docName, async () => {
      // The doc's current metadata: journalled appends included (a new doc may have no LevelDB record yet).
      const meta = pending.get(docName)?.live ?? (await metaCache.read(docName));
      const unchanged = meta !== null && meta.epoch === snapshot.meta.epoch && meta.compactions === snapshot.meta.compactions;
      // A version made meanwhile inside a span this plan merges would be lost; one at the end of the
      // doc (where versions are made as editing goes on) is not.
      if (!unchanged || splitsMergedSpan(plan, await readVersionSeqs(db, docName))) return;
      const replacedBytes = snapshot.values.reduce((total, value) => total + value.length, 0);
      const newer = pending.get(docName);
      const { ops, recordsAfter, bytesAfter } = spanCommitOps(docName, plan, newer, meta.updatedAt);
      const base = newer?.live ?? meta;
      const next: StoredMeta = {
        ...base,
        updateCount: base.updateCount - snapshot.keys.length + recordsAfter,
        bytes: base.bytes - replacedBytes + bytesAfter,
        baseBytes: bytesAfter,
        baseCount: recordsAfter,
        compactions: base.compactions + 1,
      };
      ops.push({ type: 'put', key: metaKey(docName), value: encodeStoredMeta(docName, next) });
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
          bytesAfter,
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

  /**
   * Runs claimed work in the background; releases the claim when it settles. Work that found
   * nothing to merge (every span a single record) backs off like a failure, or the thresholds,
   * still crossed, would start it again at once.
   */
  function runClaimed(docName: string, meta: StoredMeta, work: () => Promise<boolean>): void {
    const job = work()
      .then(
        (merged) => {
          if (!merged) {
            backOff(docName, meta);
            return false;
          }
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
    compactInBackground(docName, meta) {
      claimed.add(docName);
      const startedAt = performance.now();
      runClaimed(docName, meta, async () => {
        // Only the capture holds the doc's queue (no LevelDB round trip): appends made while the
        // records are read and merged are not delayed by the read.
        const captured = await queue.run(docName, async () => ({
          snapshot: captureSnapshot(db, docName, await metaCache.read(docName), pending.get(docName)),
          journalled: pending.get(docName)?.batches.slice() ?? [],
        }));
        if (captured.snapshot === null) return false;
        const { snapshot: capturedSnapshot, journalled } = captured;
        const reading = (async () => {
          const snapshot = await capturedSnapshot.read();
          const lastSeq = snapshot.keys.length === 0 ? -1 : seqOfKey(snapshot.keys[snapshot.keys.length - 1] as Uint8Array);
          const stored = await readBatchRecords(db, docName, lastSeq);
          const known = new Set(stored.map((record) => record.first));
          const records = [...stored, ...journalled.filter((batch) => batch.first <= lastSeq && !known.has(batch.first))];
          records.sort((a, b) => a.first - b.first);
          return { snapshot, records, versionSeqs: await readVersionSeqs(db, docName) };
        })();
        trackRead(docName, reading);
        const { snapshot, records, versionSeqs } = await reading;
        if (snapshot.keys.length < 2) return false;
        const plan = await planSpans(docName, snapshot, records, versionSeqs, worker);
        if (plan === null) return false;
        await commit(docName, snapshot, plan, startedAt);
        return true;
      });
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
