import { randomUUID } from 'node:crypto';
import { unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { applyAppend } from './appendMeta.js';
import { createCheckpointer } from './checkpointer.js';
import { checkAppendInput, checkDocName, checkListOptions } from './checkInput.js';
import { createCompactor } from './compactor.js';
import { createDocQueue } from './docQueue.js';
import { callOnDurable } from './callOnDurable.js';
import { createSpaceReclaimer } from './spaceReclaimer.js';
import type { AppendOptions, DocMeta, DocPage, DocumentStore, ListOptions, LoadedDoc, StoredUpdates } from './documentStore.js';
import { docNameFromMetaKey, metaKey, metaRange, probeKey, updateRange } from './keys.js';
import { type BatchOp, openLevelDb, writeBatch } from './levelDb.js';
import { type LevelStoreInput, resolveLevelStoreOptions } from './levelStoreOptions.js';
import { journalFileName } from './journal/journalFiles.js';
import { encodeAppendRecord, encodeJournalRecord } from './journal/journalRecord.js';
import { openJournal } from './journal/openJournal.js';
import { replayJournal } from './journal/replayJournal.js';
import { decodeListCursor, encodeListCursor } from './listCursor.js';
import { mergeSnapshot } from './mergeSnapshot.js';
import { createMetaCache } from './metaCache.js';
import type { MergedState } from './mergeUpdates.js';
import { createMergeWorker } from './mergeWorker.js';
import { readSnapshot, type Snapshot } from './readDocRecords.js';
import { StoreError } from './storeError.js';
import { type PendingAppends, PendingRecord } from './pendingAppends.js';
import { decodeStoredMeta, type StoredMeta, toDocMeta } from './storedMeta.js';

function wrap(error: unknown, message: string, docName: string | null): StoreError {
  return error instanceof StoreError ? error : new StoreError(message, { docName, cause: error });
}

/**
 * Opens (creating if needed) a LevelDB-backed DocumentStore in `dir`. Options are validated
 * first (a StoreError names the bad key). See README.md for keys, compaction and `sync`.
 */
export async function createLevelStore(input: LevelStoreInput): Promise<DocumentStore> {
  const options = resolveLevelStoreOptions(input);
  const db = await openLevelDb(options.dir);
  const writeOptions = { sync: options.sync };
  let journal: ReturnType<typeof openJournal>;
  try {
    // Appends a crash kept from reaching LevelDB are copied in before anything else happens.
    const { nextFileNumber } = await replayJournal(db, options.dir, writeOptions);
    journal = openJournal(options.dir, nextFileNumber, { sync: options.sync });
  } catch (error) {
    await db.close().catch(() => {});
    throw wrap(error, `cannot open the journal in ${JSON.stringify(options.dir)}`, null);
  }
  const queue = createDocQueue();
  const worker = createMergeWorker();
  const metaCache = createMetaCache(db);
  const pending: PendingAppends = new Map();
  const unreportedErrors: StoreError[] = [];
  const onError = (error: StoreError): void => {
    if (options.onBackgroundError === null) {
      unreportedErrors.push(error);
      return;
    }
    try {
      options.onBackgroundError(error);
    } catch (callbackError) {
      // A throwing handler must not turn into an unhandled rejection; close() reports it.
      unreportedErrors.push(new StoreError('onBackgroundError threw', { docName: error.docName, cause: callbackError }));
    }
  };
  const checkpointer = createCheckpointer({
    db,
    queue,
    journal,
    metaCache,
    pending,
    writeOptions,
    intervalMs: options.checkpointIntervalMs,
    maxJournalBytes: options.maxJournalBytes,
    onError,
  });
  const reclaimer = createSpaceReclaimer({ db, delayMs: options.reclaimDiskAfterMs, onError });
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
    pending.get(docName)?.live !== undefined ? Promise.resolve((pending.get(docName) as { live: StoredMeta }).live) : metaCache.read(docName);
  let closing: Promise<void> | null = null;
  /** Public operations not settled yet; close() waits for them (a load may still be merging). */
  const inFlight = new Set<Promise<unknown>>();

  function track<T>(operation: Promise<T>): Promise<T> {
    inFlight.add(operation);
    const forget = (): void => {
      inFlight.delete(operation);
    };
    operation.then(forget, forget);
    return operation;
  }

  function assertOpen(docName: string | null, operation: string): void {
    if (closing !== null) throw new StoreError(`cannot ${operation}: the store is closed`, { docName });
  }

  /**
   * One append: one journal record, written on this thread (durable against a process crash when
   * it returns, after an fsync with `sync`); LevelDB gets it at the next checkpoint. `onDurable`
   * runs right after the write (after the fsync with `sync`), before the bookkeeping, so the
   * server's relay does not wait for it.
   */
  async function appendInQueue(docName: string, updates: readonly Uint8Array[], { title, onDurable }: AppendOptions) {
    const prior = pending.get(docName);
    const meta = prior?.live ?? (await metaCache.read(docName));
    if (updates.length === 0 && (title === undefined || meta?.title === title)) {
      // Nothing to write or to keep consistent: an error it throws rejects the append at once.
      onDurable?.();
      return;
    }
    const now = Date.now();
    const epoch = meta?.epoch ?? randomUUID();
    const createdAt = meta?.createdAt ?? now;
    const firstSeq = meta?.nextSeq ?? 0;
    // The record holds copies of the updates; the store keeps views into it, not the caller's buffers.
    const record = encodeAppendRecord({ docName, epoch, createdAt, updatedAt: now, firstSeq, title, updates });
    journal.append(record.bytes);
    let thrown = options.sync ? null : callOnDurable(onDurable);
    // Bookkeeping, in the same synchronous step as the write: a checkpoint must see the record.
    const next = applyAppend(meta, record.updates, { epoch, createdAt, updatedAt: now, title });
    const records = prior?.records ?? [];
    record.updates.forEach((update, i) => {
      records.push(new PendingRecord(docName, firstSeq + i, update));
    });
    pending.set(docName, { live: next, records, firstFile: prior?.firstFile ?? journal.current });
    checkpointer.appended();
    if (options.sync) {
      await journal.sync();
      thrown = callOnDurable(onDurable);
    }
    if (compactor.shouldCompact(docName, next)) compactor.compactInBackground(docName, next);
    if (thrown !== null) throw thrown.error;
  }

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
    let claimed = false;
    // The merge happens anyway: over a threshold, its result is committed as the compaction.
    const snapshot = await readCurrent(docName, () => {
      compactor.claim(docName);
      claimed = true;
    });
    if (snapshot === null) return null;
    let merged: MergedState;
    try {
      merged = await mergeSnapshot(docName, snapshot, worker);
    } catch (error) {
      if (claimed) compactor.release(docName, snapshot.meta);
      throw error;
    }
    if (claimed) compactor.commitInBackground(docName, snapshot, merged);
    return { snapshot, merged };
  }

  const store: DocumentStore = {
    async append(docName: string, updates: readonly Uint8Array[], appendOptions: AppendOptions = {}): Promise<void> {
      checkDocName(docName);
      assertOpen(docName, 'append');
      checkAppendInput(docName, updates, appendOptions);
      try {
        await queue.run(docName, () => appendInQueue(docName, updates, appendOptions));
      } catch (error) {
        throw wrap(error, 'append failed', docName);
      }
    },

    async load(docName: string): Promise<LoadedDoc | null> {
      checkDocName(docName);
      assertOpen(docName, 'load');
      try {
        const result = await loadMerged(docName);
        if (result === null) return null;
        const { snapshot, merged } = result;
        return { update: merged.update, stateVector: merged.stateVector, meta: toDocMeta(docName, snapshot.meta) };
      } catch (error) {
        throw wrap(error, 'load failed', docName);
      }
    },

    async loadUpdates(docName: string): Promise<StoredUpdates | null> {
      checkDocName(docName);
      assertOpen(docName, 'load');
      try {
        const snapshot = await readCurrent(docName, (read) => compactor.compactInBackground(docName, read.meta));
        return snapshot === null ? null : { updates: snapshot.values, meta: toDocMeta(docName, snapshot.meta) };
      } catch (error) {
        throw wrap(error, 'load failed', docName);
      }
    },

    async getMeta(docName: string): Promise<DocMeta | null> {
      checkDocName(docName);
      assertOpen(docName, 'getMeta');
      try {
        const meta = await queue.run(docName, () => liveMeta(docName));
        return meta === null ? null : toDocMeta(docName, meta);
      } catch (error) {
        throw wrap(error, 'getMeta failed', docName);
      }
    },

    async list(listOptions: ListOptions = {}): Promise<DocPage> {
      assertOpen(null, 'list');
      const { cursor, limit } = checkListOptions(listOptions);
      // Listing reads LevelDB's metadata records: bring the journalled appends in first.
      if (pending.size > 0) {
        try {
          await checkpointer.checkpointAll();
        } catch (error) {
          throw wrap(error, 'list failed', null);
        }
      }
      let range: { gte?: Uint8Array; gt?: Uint8Array; lt: Uint8Array } = metaRange;
      if (cursor !== null) {
        try {
          range = { gt: metaKey(decodeListCursor(cursor)), lt: metaRange.lt };
        } catch (error) {
          throw new StoreError('list failed', { cause: error });
        }
      }
      const docs: DocMeta[] = [];
      let more = false;
      try {
        for await (const [key, value] of db.iterator({ ...range, limit: limit + 1 })) {
          if (docs.length === limit) {
            more = true;
            break;
          }
          const name = docNameFromMetaKey(key);
          let meta: StoredMeta;
          try {
            meta = decodeStoredMeta(value);
          } catch (error) {
            throw new StoreError('list failed: corrupt metadata record', { docName: name, cause: error });
          }
          docs.push(toDocMeta(name, meta));
        }
      } catch (error) {
        throw wrap(error, 'list failed', null);
      }
      const last = docs[docs.length - 1];
      return { docs, nextCursor: more && last !== undefined ? encodeListCursor(last.name) : null };
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
          const ops: BatchOp[] = [];
          for await (const key of db.keys(updateRange(docName))) ops.push({ type: 'del', key });
          ops.push({ type: 'del', key: metaKey(docName) });
          await writeBatch(db, ops, writeOptions);
          metaCache.set(docName, null);
          compactor.forget(docName);
          reclaimer.reclaim(docName);
        });
      } catch (error) {
        throw wrap(error, 'delete failed', docName);
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
      closing ??= (async () => {
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
          journal.removeBefore(journal.current);
          if (journal.size === 0) unlinkSync(join(options.dir, journalFileName(journal.current)));
        }
        await worker.close();
        await reclaimer.close();
        try {
          await db.close();
        } catch (error) {
          throw new StoreError('closing the LevelDB store failed', { cause: error });
        }
        if (checkpointError !== null) throw wrap(checkpointError, 'closing: the last checkpoint failed; the journal keeps the appends', null);
        const first = unreportedErrors[0];
        if (first !== undefined) throw first;
      })();
      return closing;
    },
  };
  return {
    append: (docName, updates, appendOptions) => track(store.append(docName, updates, appendOptions)),
    load: (docName) => track(store.load(docName)),
    loadUpdates: (docName) => track(store.loadUpdates(docName)),
    getMeta: (docName) => track(store.getMeta(docName)),
    list: (listOptions) => track(store.list(listOptions)),
    delete: (docName) => track(store.delete(docName)),
    checkWritable: () => track(store.checkWritable()),
    close: () => store.close(),
  };
}
