import { randomUUID } from 'node:crypto';
import { ClassicLevel } from 'classic-level';
import * as Y from 'yjs';
import { compactionNeeded } from './compactionNeeded.js';
import { createDocQueue } from './docQueue.js';
import type { AppendOptions, DocMeta, DocPage, DocumentStore, ListOptions, LoadedDoc } from './documentStore.js';
import { checkAppendInput, checkDocName, checkListOptions } from './checkInput.js';
import { docNameFromMetaKey, metaKey, metaRange, probeKey, updateKey, updateRange } from './keys.js';
import { type LevelStoreInput, resolveLevelStoreOptions } from './levelStoreOptions.js';
import { decodeListCursor, encodeListCursor } from './listCursor.js';
import { InvalidUpdateError, type MergedState, mergeUpdates } from './mergeUpdates.js';
import { StoreError } from './storeError.js';
import { decodeStoredMeta, encodeStoredMeta, type StoredMeta, toDocMeta } from './storedMeta.js';

type Db = ClassicLevel<Uint8Array, Uint8Array>;
type BatchOp = { type: 'put'; key: Uint8Array; value: Uint8Array } | { type: 'del'; key: Uint8Array };

/** Everything stored for one doc, read in one queued step. */
interface Snapshot {
  meta: StoredMeta;
  keys: Uint8Array[];
  values: Uint8Array[];
}

/**
 * Opens (creating if needed) a LevelDB-backed DocumentStore in `dir`.
 * See README.md for the key layout, compaction and the `sync` trade-off.
 */
export async function createLevelStore(input: LevelStoreInput): Promise<DocumentStore> {
  const options = resolveLevelStoreOptions(input);
  const db: Db = new ClassicLevel<Uint8Array, Uint8Array>(options.dir, { keyEncoding: 'view', valueEncoding: 'view' });
  try {
    await db.open();
  } catch (error) {
    throw new StoreError(`cannot open LevelDB store at ${JSON.stringify(options.dir)}`, { cause: error });
  }

  const writeOptions = { sync: options.sync };
  const queue = createDocQueue();
  const background = new Set<Promise<void>>();
  /** Docs with a compaction in flight (at most one per doc). */
  const compacting = new Set<string>();
  /** totalUpdates at which a doc whose compaction failed may be retried. */
  const retryCompactionAt = new Map<string, number>();
  const unreportedErrors: StoreError[] = [];
  const retryStep = Number.isFinite(options.compactAfterUpdates) ? options.compactAfterUpdates : 500;
  let closing: Promise<void> | null = null;

  function assertOpen(docName: string | null, operation: string): void {
    if (closing !== null) throw new StoreError(`cannot ${operation}: the store is closed`, { docName });
  }

  async function readMeta(docName: string): Promise<StoredMeta | null> {
    const bytes = await db.get(metaKey(docName));
    if (bytes === undefined) return null;
    try {
      return decodeStoredMeta(bytes);
    } catch (error) {
      throw new StoreError('corrupt metadata record', { docName, cause: error });
    }
  }

  async function readSnapshot(docName: string): Promise<Snapshot | null> {
    const meta = await readMeta(docName);
    if (meta === null) return null;
    const keys: Uint8Array[] = [];
    const values: Uint8Array[] = [];
    for await (const [key, value] of db.iterator(updateRange(docName))) {
      keys.push(key);
      values.push(value);
    }
    if (keys.length !== meta.updateCount) {
      throw new StoreError(`corrupt store: metadata lists ${meta.updateCount} updates but ${keys.length} are stored`, {
        docName,
      });
    }
    return { meta, keys, values };
  }

  async function merge(docName: string, snapshot: Snapshot): Promise<MergedState> {
    try {
      if (snapshot.values.length === 0) {
        const empty = new Y.Doc();
        return { update: Y.encodeStateAsUpdate(empty), stateVector: Y.encodeStateVector(empty) };
      }
      if (snapshot.values.length === 1) {
        const update = snapshot.values[0] as Uint8Array;
        try {
          return { update, stateVector: Y.encodeStateVectorFromUpdate(update) };
        } catch (error) {
          throw new InvalidUpdateError(0, error);
        }
      }
      return await mergeUpdates(snapshot.values);
    } catch (error) {
      if (error instanceof InvalidUpdateError) {
        const seq = snapshot.meta.nextSeq - snapshot.values.length + error.index;
        throw new StoreError(`corrupt stored update (record ${error.index + 1} of ${snapshot.values.length})`, {
          docName,
          cause: `${error.message}; its key ends in seq ${seq} or earlier`,
        });
      }
      throw error;
    }
  }

  /** Replaces the snapshot's records by `merged` in one atomic batch (queued, so in order with appends). */
  function commitCompaction(docName: string, snapshot: Snapshot, merged: MergedState): Promise<void> {
    return queue.run(docName, async () => {
      const meta = await readMeta(docName);
      // Deleted (or deleted and re-created), or compacted by someone else, while merging:
      // the records the snapshot holds are no longer the doc's records, so there is nothing to replace.
      if (meta === null || meta.epoch !== snapshot.meta.epoch || meta.compactions !== snapshot.meta.compactions) return;
      const lastKey = snapshot.keys[snapshot.keys.length - 1] as Uint8Array;
      let replacedBytes = 0;
      const ops: BatchOp[] = [];
      snapshot.keys.forEach((key, i) => {
        replacedBytes += (snapshot.values[i] as Uint8Array).length;
        if (key !== lastKey) ops.push({ type: 'del', key });
      });
      // The merged state takes the newest replaced key, so it still sorts before later appends.
      ops.push({ type: 'put', key: lastKey, value: merged.update });
      const next: StoredMeta = {
        ...meta,
        updateCount: meta.updateCount - snapshot.keys.length + 1,
        bytes: meta.bytes - replacedBytes + merged.update.length,
        baseBytes: merged.update.length,
        compactions: meta.compactions + 1,
      };
      ops.push({ type: 'put', key: metaKey(docName), value: encodeStoredMeta(next) });
      await db.batch(ops, writeOptions);
    });
  }

  function reportBackgroundError(error: StoreError): void {
    if (options.onBackgroundError !== null) options.onBackgroundError(error);
    else unreportedErrors.push(error);
  }

  /**
   * Runs a compaction of a doc whose `compacting` claim the caller holds (claimed before the
   * snapshot is read, so no other compaction of the doc can commit in between), in the
   * background; close() waits for it; the claim is released when it settles. After a failure
   * the doc is retried only once `retryStep` more updates have been appended.
   */
  function runClaimedCompaction(docName: string, meta: StoredMeta, work: () => Promise<void>): void {
    const job = work()
      .then(
        () => {
          retryCompactionAt.delete(docName);
        },
        (error: unknown) => {
          retryCompactionAt.set(docName, meta.totalUpdates + retryStep);
          reportBackgroundError(
            new StoreError('online compaction failed; the uncompacted records are kept', { docName, cause: error }),
          );
        },
      )
      .finally(() => {
        compacting.delete(docName);
        background.delete(job);
      });
    background.add(job);
  }

  function shouldCompact(docName: string, meta: StoredMeta): boolean {
    if (compacting.has(docName)) return false;
    if (!compactionNeeded(meta, options)) return false;
    const retryAt = retryCompactionAt.get(docName);
    return retryAt === undefined || meta.totalUpdates >= retryAt;
  }

  /** Called inside an append's queued task: claims the doc now, compacts in the background. */
  function compactOnline(docName: string, meta: StoredMeta): void {
    compacting.add(docName);
    runClaimedCompaction(docName, meta, async () => {
      const snapshot = await queue.run(docName, () => readSnapshot(docName));
      if (snapshot === null || snapshot.keys.length < 2) return;
      const merged = await merge(docName, snapshot);
      await commitCompaction(docName, snapshot, merged);
    });
  }

  const store: DocumentStore = {
    async append(docName: string, updates: readonly Uint8Array[], appendOptions: AppendOptions = {}): Promise<void> {
      checkDocName(docName);
      assertOpen(docName, 'append');
      checkAppendInput(docName, updates, appendOptions);
      const title = appendOptions.title;
      await queue.run(docName, async () => {
        try {
          const meta = await readMeta(docName);
          if (updates.length === 0 && (title === undefined || meta?.title === title)) return;
          const now = Date.now();
          const next: StoredMeta = meta
            ? { ...meta }
            : {
                v: 1,
                bytes: 0,
                updateCount: 0,
                totalUpdates: 0,
                title: null,
                createdAt: now,
                updatedAt: now,
                nextSeq: 0,
                baseBytes: 0,
                epoch: randomUUID(),
                compactions: 0,
              };
          const ops: BatchOp[] = [];
          for (const update of updates) {
            ops.push({ type: 'put', key: updateKey(docName, next.nextSeq), value: update });
            next.nextSeq += 1;
            next.bytes += update.length;
          }
          next.updateCount += updates.length;
          next.totalUpdates += updates.length;
          next.updatedAt = Math.max(now, next.updatedAt);
          if (title !== undefined) next.title = title;
          ops.push({ type: 'put', key: metaKey(docName), value: encodeStoredMeta(next) });
          await db.batch(ops, writeOptions);
          if (shouldCompact(docName, next)) compactOnline(docName, next);
        } catch (error) {
          throw error instanceof StoreError ? error : new StoreError('append failed', { docName, cause: error });
        }
      });
    },

    async load(docName: string): Promise<LoadedDoc | null> {
      checkDocName(docName);
      assertOpen(docName, 'load');
      try {
        let claimed = false;
        const snapshot = await queue.run(docName, async () => {
          const read = await readSnapshot(docName);
          // The merge is done anyway: if the doc is over the threshold (e.g. after a restart with
          // a lower threshold, or after a failed online compaction), store it. Claim it here, in
          // the queue, so no other compaction can commit between this snapshot and ours.
          if (read !== null && read.keys.length >= 2 && closing === null && shouldCompact(docName, read.meta)) {
            compacting.add(docName);
            claimed = true;
          }
          return read;
        });
        if (snapshot === null) return null;
        let merged: MergedState;
        try {
          merged = await merge(docName, snapshot);
        } catch (error) {
          if (claimed) {
            compacting.delete(docName);
            retryCompactionAt.set(docName, snapshot.meta.totalUpdates + retryStep);
          }
          throw error;
        }
        if (claimed) runClaimedCompaction(docName, snapshot.meta, () => commitCompaction(docName, snapshot, merged));
        return { update: merged.update, stateVector: merged.stateVector, meta: toDocMeta(docName, snapshot.meta) };
      } catch (error) {
        throw error instanceof StoreError ? error : new StoreError('load failed', { docName, cause: error });
      }
    },

    async getMeta(docName: string): Promise<DocMeta | null> {
      checkDocName(docName);
      assertOpen(docName, 'getMeta');
      try {
        const meta = await queue.run(docName, () => readMeta(docName));
        return meta === null ? null : toDocMeta(docName, meta);
      } catch (error) {
        throw error instanceof StoreError ? error : new StoreError('getMeta failed', { docName, cause: error });
      }
    },

    async list(listOptions: ListOptions = {}): Promise<DocPage> {
      assertOpen(null, 'list');
      const { cursor, limit } = checkListOptions(listOptions);
      let after: string | null = null;
      if (cursor !== null) {
        try {
          after = decodeListCursor(cursor);
        } catch (error) {
          throw new StoreError('list failed', { cause: error });
        }
      }
      const range = after === null ? metaRange : { gt: metaKey(after), lt: metaRange.lt };
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
        throw error instanceof StoreError ? error : new StoreError('list failed', { cause: error });
      }
      const last = docs[docs.length - 1];
      return { docs, nextCursor: more && last !== undefined ? encodeListCursor(last.name) : null };
    },

    async delete(docName: string): Promise<void> {
      checkDocName(docName);
      assertOpen(docName, 'delete');
      await queue.run(docName, async () => {
        try {
          const ops: BatchOp[] = [];
          for await (const key of db.keys(updateRange(docName))) ops.push({ type: 'del', key });
          ops.push({ type: 'del', key: metaKey(docName) });
          await db.batch(ops, writeOptions);
          retryCompactionAt.delete(docName);
        } catch (error) {
          throw new StoreError('delete failed', { docName, cause: error });
        }
      });
    },

    async checkWritable(): Promise<void> {
      assertOpen(null, 'checkWritable');
      try {
        await db.put(probeKey, Uint8Array.of(1), writeOptions);
        await db.del(probeKey, writeOptions);
      } catch (error) {
        throw new StoreError(`store at ${JSON.stringify(options.dir)} is not writable`, { cause: error });
      }
    },

    close(): Promise<void> {
      if (closing === null) {
        closing = (async () => {
          while (background.size > 0 || queue.activeDocs > 0) {
            await Promise.all([...background, queue.idle()]);
          }
          try {
            await db.close();
          } catch (error) {
            throw new StoreError('closing the LevelDB store failed', { cause: error });
          }
          const first = unreportedErrors[0];
          if (first !== undefined) throw first;
        })();
      }
      return closing;
    },
  };
  return store;
}
