/**
 * The storage contract every Tandem store implements (LevelDB today, PostgreSQL next).
 * The contract test suite in `src/contract/` runs unchanged against each implementation.
 *
 * Semantics every implementation guarantees:
 * - `append` is atomic: all updates of the batch are stored, or none is (and it rejects).
 * - Operations on one document run one at a time, in call order; different documents run in parallel.
 * - Errors propagate (never swallowed), and their message names the document.
 * - `bytes` and `updateCount` may drop at any moment through background compaction; the other
 *   metadata fields change only through `append`.
 * - `close()` waits for every call already made (and for background compaction) to finish.
 */
export interface DocMeta {
  /** Document name, as validated by `@tandem/protocol`. */
  name: string;
  /** Bytes of stored Yjs update data for this doc (after compaction, the compacted size). */
  bytes: number;
  /** Number of stored update records (drops after compaction). */
  updateCount: number;
  /** Total updates ever appended (never drops). */
  totalUpdates: number;
  /** Document title as last reported by the writer (see `AppendOptions.title`), or null. */
  title: string | null;
  /** Epoch milliseconds. */
  createdAt: number;
  /** Epoch milliseconds of the last append. */
  updatedAt: number;
}

export interface LoadedDoc {
  /** All stored updates merged into one Yjs update (v1 encoding). */
  update: Uint8Array;
  /** State vector of `update`. */
  stateVector: Uint8Array;
  meta: DocMeta;
}

/** A doc's stored updates as they are, unmerged (see `DocumentStore.loadUpdates`). */
export interface StoredUpdates {
  /**
   * The stored updates in order: a compacted base first when the doc was compacted, then the
   * updates appended since. Applying them in order to an empty Y.Doc gives the document. Empty
   * when only a title was ever recorded.
   */
  updates: Uint8Array[];
  meta: DocMeta;
}

export interface AppendOptions {
  /** New title to record in the doc's metadata (omit to keep the current one). */
  title?: string;
  /**
   * Called once, synchronously, the moment the batch is durable (as far as the store promises:
   * written through to the OS, or on stable storage with `sync`), which may be before the store's
   * own bookkeeping and always before the returned promise resolves. The sync server relays from
   * here, so nothing waits for the promise hops. Never called if the append fails; a no-op append
   * calls it at once. If it throws, the batch stays stored and the append rejects with a StoreError caused by it.
   */
  onDurable?: () => void;
}

export interface ListOptions {
  /** Opaque cursor from a previous page's `nextCursor`. */
  cursor?: string | null;
  /** Page size, 1..1000 (default 100). */
  limit?: number;
}

export interface DocPage {
  docs: DocMeta[];
  /** Pass as `cursor` to get the next page; null on the last page. */
  nextCursor: string | null;
}

export interface DocumentStore {
  /**
   * Atomically append a batch of Yjs updates (v1) to a document, creating it if needed.
   * Every element must be a non-empty Uint8Array, else the call rejects and nothing is stored.
   * An empty batch is a no-op, unless `options.title` is given: then only the title is recorded.
   */
  append(docName: string, updates: readonly Uint8Array[], options?: AppendOptions): Promise<void>;
  /** Load a document's merged state, or null if it has never been stored. */
  load(docName: string): Promise<LoadedDoc | null>;
  /**
   * The stored updates unmerged, or null if the document has never been stored: the cheap load
   * for a caller that applies them to a Y.Doc anyway (the sync server), since merging a large
   * doc means applying and encoding it once more. Same ordering as `load`; over a compaction
   * threshold, the store compacts in the background.
   */
  loadUpdates(docName: string): Promise<StoredUpdates | null>;
  /** Metadata of one document, or null if unknown. */
  getMeta(docName: string): Promise<DocMeta | null>;
  /** Documents in name order, paged. */
  list(options?: ListOptions): Promise<DocPage>;
  /** Remove a document and all its updates. Deleting an unknown doc is not an error. */
  delete(docName: string): Promise<void>;
  /** Resolves when the store can currently write (used by /readyz); rejects with the reason otherwise. */
  checkWritable(): Promise<void>;
  /** Wait for pending work (appends, compactions), then release resources. Further calls reject. */
  close(): Promise<void>;
}
