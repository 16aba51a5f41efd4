import * as Y from 'yjs';
import { checkAppendInput, checkDocName, checkListOptions } from '../checkInput.js';
import { checkSeq } from '../checkInput.js';
import type {
  AppendOptions,
  AppendResult,
  DocMeta,
  DocPage,
  DocumentStore,
  DocVersion,
  ListOptions,
  LoadedDoc,
  StoredBatch,
  StoredUpdates,
} from '../documentStore.js';
import { decodeListCursor, encodeListCursor } from '../listCursor.js';
import { StoreError } from '../storeError.js';
import { compactBatchesNow } from '../versions/versionSpans.js';
import { createMemoryVersions } from './memoryVersions.js';
import { createBookOutbox } from '../outbox/bookOutbox.js';
import { OutboxBook } from '../outbox/outboxBook.js';

/** One document as the memory store keeps it: its metadata, its stored batches and its versions, in order. */
export interface MemoryDoc {
  meta: DocMeta;
  /** Merged batches first after a compaction (one per span between versions), then the batches appended since. */
  batches: StoredBatch[];
  /** Its versions in number order. */
  versions: DocVersion[];
  /** Records left by the last compaction (the threshold counts the records appended since). */
  baseCount: number;
}

/**
 * What a memory store holds. Pass the same object to a second `createMemoryStore` to "reopen"
 * the storage (tests of restarts, an embedding app that keeps documents across server restarts).
 */
export interface MemoryStorage {
  readonly docs: Map<string, MemoryDoc>;
  /** The outbox (webhook deliveries), shared by every store on this storage. */
  readonly outbox: OutboxBook;
}

export interface MemoryStoreOptions {
  /** The storage to use (default: a fresh, empty one). */
  storage?: MemoryStorage;
  /** Merge a doc's stored updates into one once it holds this many (bounds memory; `Infinity` = never). */
  compactAfterUpdates?: number;
}

export const defaultMemoryStoreOptions: Readonly<Required<Omit<MemoryStoreOptions, 'storage'>>> = Object.freeze({
  compactAfterUpdates: 500,
});

export function createMemoryStorage(): MemoryStorage {
  return { docs: new Map(), outbox: new OutboxBook() };
}

/**
 * A DocumentStore that keeps everything in this process's memory: for tests where the disk is not
 * the point, and for embedding where persistence lives elsewhere. Every operation takes effect
 * synchronously when it is called, so operations run in call order; "durable" means "held by this
 * store". Stored bytes are copies, so callers may reuse their buffers.
 */
export function createMemoryStore(options: MemoryStoreOptions = {}): DocumentStore {
  const storage = options.storage ?? createMemoryStorage();
  const compactAfterUpdates = options.compactAfterUpdates ?? defaultMemoryStoreOptions.compactAfterUpdates;
  if (!(compactAfterUpdates === Number.POSITIVE_INFINITY || (Number.isInteger(compactAfterUpdates) && compactAfterUpdates >= 2))) {
    throw new StoreError(
      `invalid memory store option "compactAfterUpdates": expected an integer >= 2 or Infinity, got ${String(compactAfterUpdates)}`,
    );
  }
  const { docs } = storage;
  let closed = false;

  /** Runs `operation` now and settles with its outcome; every failure is a StoreError naming the doc. */
  function run<T>(docName: string | null, verb: string, operation: () => T): Promise<T> {
    try {
      if (closed) throw new StoreError(`cannot ${verb}: the store is closed`, { docName });
      if (docName !== null) checkDocName(docName);
      return Promise.resolve(operation());
    } catch (error) {
      return Promise.reject(error instanceof StoreError ? error : new StoreError(`${verb} failed`, { docName, cause: error }));
    }
  }

  function append(docName: string, updates: readonly Uint8Array[], appendOptions: AppendOptions = {}): AppendResult {
    checkAppendInput(docName, updates, appendOptions);
    const { title, author } = appendOptions;
    let doc = docs.get(docName);
    const seq = doc?.meta.seq ?? 0;
    if (updates.length === 0 && (title === undefined || doc?.meta.title === title)) return { firstSeq: seq + 1, seq };
    const now = Date.now();
    if (doc === undefined) {
      doc = {
        meta: { name: docName, bytes: 0, updateCount: 0, totalUpdates: 0, title: null, createdAt: now, updatedAt: now, seq: 0 },
        batches: [],
        versions: [],
        baseCount: 1,
      };
      docs.set(docName, doc);
    }
    const { meta } = doc;
    if (updates.length > 0) {
      const copies = updates.map((update) => update.slice());
      doc.batches.push({
        firstSeq: seq + 1,
        seq: seq + copies.length,
        updates: copies,
        authors: author === undefined ? [] : [author],
        storedAt: now,
      });
      for (const update of copies) meta.bytes += update.byteLength;
      meta.updateCount += copies.length;
      meta.totalUpdates += copies.length;
      meta.seq += copies.length;
    }
    meta.updatedAt = Math.max(now, meta.updatedAt);
    if (title !== undefined) meta.title = title;
    if (meta.updateCount - doc.baseCount + 1 >= compactAfterUpdates) compact(doc);
    return { firstSeq: seq + 1, seq: meta.seq };
  }

  /** Merges the batches of each span between two versions into one that covers all their numbers and authors. */
  function compact(doc: MemoryDoc): void {
    const compacted = compactBatchesNow(
      doc.batches,
      doc.versions.map((version) => version.seq),
    );
    if (compacted === null) return;
    doc.batches = compacted;
    doc.meta.bytes = compacted.reduce((total, batch) => total + batch.updates.reduce((sum, update) => sum + update.byteLength, 0), 0);
    doc.meta.updateCount = compacted.reduce((total, batch) => total + batch.updates.length, 0);
    doc.baseCount = doc.meta.updateCount;
  }

  const updatesOf = (doc: MemoryDoc): Uint8Array[] => doc.batches.flatMap((batch) => batch.updates);
  const copyBatch = (batch: StoredBatch): StoredBatch => ({
    ...batch,
    updates: batch.updates.map((update) => update.slice()),
    authors: [...batch.authors],
    ...(batch.attribution === undefined ? {} : { attribution: batch.attribution.slice() }),
  });
  const versions = createMemoryVersions(docs, copyBatch);

  return {
    append: (docName, updates, appendOptions) => run(docName, 'append', () => append(docName, updates, appendOptions)),
    load: (docName) =>
      run(docName, 'load', (): LoadedDoc | null => {
        const doc = docs.get(docName);
        if (doc === undefined) return null;
        const updates = updatesOf(doc);
        const update = updates.length === 1 ? (updates[0] as Uint8Array).slice() : Y.mergeUpdates(updates);
        return { update, stateVector: Y.encodeStateVectorFromUpdate(update), meta: { ...doc.meta } };
      }),
    loadUpdates: (docName) =>
      run(docName, 'load', (): StoredUpdates | null => {
        const doc = docs.get(docName);
        return doc === undefined ? null : { updates: updatesOf(doc).map((update) => update.slice()), meta: { ...doc.meta } };
      }),
    readAfter: (docName, afterSeq) =>
      run(docName, 'readAfter', (): StoredBatch[] | null => {
        checkSeq(docName, afterSeq);
        const doc = docs.get(docName);
        return doc === undefined ? null : doc.batches.filter((batch) => batch.seq > afterSeq).map(copyBatch);
      }),
    readThrough: (docName, throughSeq) =>
      run(docName, 'readThrough', () => {
        checkSeq(docName, throughSeq);
        return versions.readThrough(docName, throughSeq);
      }),
    createVersion: (docName, options) => run(docName, 'createVersion', () => versions.create(docName, options)),
    listVersions: (docName, options = {}) => run(docName, 'listVersions', () => versions.list(docName, options)),
    getVersion: (docName, seq) =>
      run(docName, 'getVersion', () => {
        checkSeq(docName, seq);
        return versions.get(docName, seq);
      }),
    deleteVersions: (docName, seqs) => run(docName, 'deleteVersions', () => versions.remove(docName, seqs)),
    getMeta: (docName) => run(docName, 'read metadata', () => (docs.has(docName) ? { ...(docs.get(docName) as MemoryDoc).meta } : null)),
    list: (listOptions: ListOptions = {}) =>
      run(null, 'list', (): DocPage => {
        const { cursor, limit } = checkListOptions(listOptions);
        let after: Buffer | null = null;
        if (cursor !== null) {
          try {
            after = Buffer.from(decodeListCursor(cursor), 'utf8');
          } catch (error) {
            throw new StoreError('list rejected: invalid cursor', { cause: error });
          }
        }
        const names = [...docs.keys()]
          .map((name) => Buffer.from(name, 'utf8'))
          .filter((name) => after === null || Buffer.compare(name, after) > 0)
          .sort(Buffer.compare);
        const page = names.slice(0, limit).map((name) => ({ ...(docs.get(name.toString('utf8')) as MemoryDoc).meta }));
        const last = page.at(-1);
        return { docs: page, nextCursor: names.length > limit && last !== undefined ? encodeListCursor(last.name) : null };
      }),
    delete: (docName) =>
      run(docName, 'delete', () => {
        docs.delete(docName);
      }),
    checkWritable: () => run(null, 'check writability', () => undefined),
    outbox: createBookOutbox(storage.outbox, {
      docMeta: async (name) => {
        const meta = docs.get(name)?.meta;
        return meta === undefined ? null : { seq: meta.seq, updatedAt: meta.updatedAt };
      },
      assertOpen: (verb) => {
        if (closed) throw new StoreError(`cannot ${verb}: the store is closed`);
      },
    }),
    close: () => {
      closed = true;
      return Promise.resolve();
    },
  };
}
