import { createCheckpointer } from './checkpointer.js';
import { checkAppendInput, checkDocName, checkListOptions, checkSeq } from '../checkInput.js';
import { createCompactor } from './compactor.js';
import { createDocQueue } from './docQueue.js';
import { createSpaceReclaimer } from './spaceReclaimer.js';
import type {
  AppendOptions,
  AppendResult,
  DocMeta,
  DocPage,
  DocumentStore,
  ListOptions,
  LoadedDoc,
  StoredBatch,
  StoredUpdates,
} from '../documentStore.js';
import { probeKey } from './keys.js';
import { readBatchesAfter } from './readBatchesAfter.js';
import { writeBatch } from './levelDb.js';
import type { LevelStoreOptions } from './levelStoreOptions.js';
import { encodeJournalRecord } from './journal/journalRecord.js';
import { asStoreError } from './asStoreError.js';
import { closeLevelStore } from './closeLevelStore.js';
import { createBackgroundErrors } from './backgroundErrors.js';
import { trackCalls } from './trackCalls.js';
import { docDeleteOps } from './docDeleteOps.js';
import { createJournalAppender } from './journalAppender.js';
import { openDbAndJournal } from './openDbAndJournal.js';
import { reportReplayDamage } from './journal/reportReplayDamage.js';
import { reportLevelDbRecovery } from './reportLevelDbRecovery.js';
import { checkNoRecordsWithoutMeta, checkNotDamaged } from './docDamage.js';
import { decodeListCursor } from '../listCursor.js';
import { listDocs } from './listDocs.js';
import { mergeSnapshot } from './mergeSnapshot.js';
import { levelVersionCalls } from './levelVersionCalls.js';
import { createMetaCache } from './metaCache.js';
import type { MergedState } from './mergeUpdates.js';
import { createMergeWorker } from './mergeWorker.js';
import { readSnapshot, type Snapshot } from './readDocRecords.js';
import { StoreError } from '../storeError.js';
import type { PendingAppends } from './pendingAppends.js';
import { type StoredMeta, toDocMeta } from './storedMeta.js';
import { openLevelOutbox } from './levelOutbox.js';

/**
 * Opens (creating if needed) the LevelDB-backed DocumentStore in `options.dir`, replaying the
 * journal first. `createLevelStore` wraps it (validated options, reopening after a write failure).
 */
export async function openLevelStore(options: LevelStoreOptions): Promise<DocumentStore> {
  const { db, journal, replay } = await openDbAndJournal(options.dir, options.sync);
  const writeOptions = { sync: options.sync };
  const queue = createDocQueue();
  const worker = createMergeWorker();
  const metaCache = createMetaCache(db);
  const pending: PendingAppends = new Map();
  const backgroundErrors = createBackgroundErrors(options.onBackgroundError);
  const onError = backgroundErrors.report;
  reportLevelDbRecovery(options.dir, onError);
  reportReplayDamage(replay, onError);
  const checkpointer = createCheckpointer({
    db,
    dir: options.dir,
    queue,
    journal,
    metaCache,
    pending,
    writeOptions,
    intervalMs: options.checkpointIntervalMs,
    maxJournalBytes: options.maxJournalBytes,
    onError,
  });
  const reclaimer = createSpaceReclaimer({
    db,
    delayMs: options.reclaimDiskAfterMs,
    onError,
    // The journal files LevelDB held on to can go now, not at the next checkpoint (there may be none).
    onRewritten: () => checkpointer.release(),
  });
  const compactor = createCompactor({
    db,
    queue,
    worker,
    metaCache,
    pending,
    options,
    onError,
    onCommitted: (docName) => reclaimer.reclaim(docName),
    currentMeta: (docName) => (closing === null ? liveMeta(docName) : Promise.resolve(null)),
  });
  /** The doc's metadata including journalled appends. Call inside the doc's queue. */
  const liveMeta = (docName: string): Promise<StoredMeta | null> =>
    pending.get(docName)?.live !== undefined
      ? Promise.resolve((pending.get(docName) as { live: StoredMeta }).live)
      : metaCache.read(docName);
  let closing: Promise<void> | null = null;
  /** Public operations not settled yet; close() waits for them (a load may still be merging). */
  const inFlight = new Set<Promise<unknown>>();

  function assertOpen(docName: string | null, operation: string): void {
    if (closing !== null) throw new StoreError(`cannot ${operation}: the store is closed`, { docName });
  }

  const outbox = await openLevelOutbox({
    db,
    writeOptions,
    onError,
    assertOpen: (verb) => assertOpen(null, verb),
    docMeta: async (name) => {
      const meta = await store.getMeta(name);
      return meta === null ? null : { seq: meta.seq, updatedAt: meta.updatedAt };
    },
  }).catch(async (error: unknown) => {
    checkpointer.stop();
    journal.close();
    await worker.close();
    await reclaimer.close();
    await db.close().catch(() => {});
    throw asStoreError(error, 'cannot read the outbox', null);
  });

  const appendInQueue = createJournalAppender({ db, journal, metaCache, pending, checkpointer, compactor, sync: options.sync });

  /**
   * The doc's records with its journalled appends copied in first, read inside its queue; if the
   * doc is over a compaction threshold (stored with a higher one, say, or an earlier compaction
   * failed), `overThreshold` is called there too, so it can claim the doc.
   */
  function readCurrent(docName: string, overThreshold: (snapshot: Snapshot) => void): Promise<Snapshot | null> {
    return queue.run(docName, async () => {
      await checkpointer.flushDoc(docName);
      const read = await readSnapshot(db, docName, metaCache.read);
      if (read !== null && read.keys.length >= 2 && closing === null && compactor.shouldCompact(docName, read.meta)) {
        overThreshold(read);
      }
      return read;
    });
  }

  async function loadMerged(docName: string): Promise<{ snapshot: Snapshot; merged: MergedState } | null> {
    const snapshot = await readCurrent(docName, (read) => compactor.compactInBackground(docName, read.meta));
    if (snapshot === null) return null;
    return { snapshot, merged: await mergeSnapshot(docName, snapshot, worker) };
  }

  const versions = levelVersionCalls({ db, queue, checkpointer, metaCache, writeOptions }, assertOpen);

  const store: DocumentStore = {
    outbox,
    async append(docName: string, updates: readonly Uint8Array[], appendOptions: AppendOptions = {}): Promise<AppendResult> {
      checkDocName(docName);
      assertOpen(docName, 'append');
      checkAppendInput(docName, updates, appendOptions);
      try {
        return await queue.run(docName, () => appendInQueue(docName, updates, appendOptions));
      } catch (error) {
        throw asStoreError(error, 'append failed', docName);
      }
    },

    async readAfter(docName: string, afterSeq: number): Promise<StoredBatch[] | null> {
      checkDocName(docName);
      assertOpen(docName, 'readAfter');
      checkSeq(docName, afterSeq);
      try {
        return await queue.run(docName, async () => {
          await checkpointer.flushDoc(docName);
          const meta = await metaCache.read(docName);
          if (meta === null) {
            await checkNoRecordsWithoutMeta(db, docName);
            return null;
          }
          checkNotDamaged(docName, meta);
          return readBatchesAfter(db, docName, afterSeq);
        });
      } catch (error) {
        throw asStoreError(error, 'readAfter failed', docName);
      }
    },

    ...versions.calls,

    async load(docName: string): Promise<LoadedDoc | null> {
      checkDocName(docName);
      assertOpen(docName, 'load');
      try {
        const result = await loadMerged(docName);
        if (result === null) return null;
        const { snapshot, merged } = result;
        return { update: merged.update, stateVector: merged.stateVector, meta: toDocMeta(docName, snapshot.meta) };
      } catch (error) {
        throw asStoreError(error, 'load failed', docName);
      }
    },

    async loadUpdates(docName: string): Promise<StoredUpdates | null> {
      checkDocName(docName);
      assertOpen(docName, 'load');
      try {
        const snapshot = await readCurrent(docName, (read) => compactor.compactInBackground(docName, read.meta));
        return snapshot === null ? null : { updates: snapshot.values, meta: toDocMeta(docName, snapshot.meta) };
      } catch (error) {
        throw asStoreError(error, 'load failed', docName);
      }
    },

    async getMeta(docName: string): Promise<DocMeta | null> {
      checkDocName(docName);
      assertOpen(docName, 'getMeta');
      try {
        const meta = await queue.run(docName, () => liveMeta(docName));
        return meta === null ? null : toDocMeta(docName, meta);
      } catch (error) {
        throw asStoreError(error, 'getMeta failed', docName);
      }
    },

    async list(listOptions: ListOptions = {}): Promise<DocPage> {
      assertOpen(null, 'list');
      const { cursor, limit } = checkListOptions(listOptions);
      let after: string | null = null;
      try {
        if (cursor !== null) after = decodeListCursor(cursor);
      } catch (error) {
        throw new StoreError('list failed', { cause: error });
      }
      const journalled = new Map<string, StoredMeta>();
      for (const [name, doc] of pending) journalled.set(name, doc.live);
      try {
        return await listDocs(db, journalled, after, limit);
      } catch (error) {
        throw asStoreError(error, 'list failed', null);
      }
    },

    async delete(docName: string): Promise<void> {
      checkDocName(docName);
      assertOpen(docName, 'delete');
      try {
        await queue.run(docName, async () => {
          await compactor.snapshotRead(docName);
          const live = await liveMeta(docName);
          // The journal must not bring the doc's appends back on a replay after a crash.
          if (live !== null) journal.append(encodeJournalRecord({ type: 'delete', docName, epoch: live.epoch }));
          pending.delete(docName);
          await writeBatch(db, await docDeleteOps(db, docName), writeOptions);
          metaCache.set(docName, null);
          versions.forget(docName);
          compactor.forget(docName);
          reclaimer.reclaim(docName);
        });
      } catch (error) {
        throw asStoreError(error, 'delete failed', docName);
      }
    },

    async checkWritable(): Promise<void> {
      assertOpen(null, 'checkWritable');
      try {
        journal.append(encodeJournalRecord({ type: 'probe' }));
        if (options.sync) await journal.sync();
        await db.put(probeKey, Uint8Array.of(1), writeOptions);
        await db.del(probeKey, writeOptions);
      } catch (error) {
        throw new StoreError(`store at ${JSON.stringify(options.dir)} is not writable`, { cause: error });
      }
    },

    close(): Promise<void> {
      closing ??= closeLevelStore({
        dir: options.dir,
        db,
        journal,
        queue,
        compactor,
        checkpointer,
        pending,
        worker,
        reclaimer,
        inFlight,
        firstUnreported: () => backgroundErrors.firstUnreported(),
      });
      return closing;
    },
  };
  return trackCalls(store, inFlight);
}
