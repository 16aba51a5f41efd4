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
 * - Sequence numbers: every update a doc stores gets the next number (1, 2, 3, …), so a batch of
 *   k updates covers `firstSeq..seq` and the next batch starts at `seq + 1`. `append` resolves with
 *   the batch's numbers; `meta.seq` is the last one; `readAfter(doc, n)` returns the batches after
 *   `n`. A compaction may merge old batches into one that covers all their numbers (with all their
 *   authors): a reader that had read up to a number inside it gets it whole, which Yjs applies
 *   idempotently. Numbers are never reused while the doc exists; a deleted and re-created doc
 *   starts again at 1.
 * - Versions (see `DocVersion`): a version names a sequence number; the state at it is what the
 *   batches up to that number make (`readThrough`). A compaction merges batches only within the span
 *   between two versions, never across one, so every version's state stays readable; deleting a
 *   version lets the spans on both sides of it merge. A merged batch of several authors keeps who
 *   inserted and deleted what (`StoredBatch.attribution`). Deleting the doc deletes its versions.
 * - `close()` waits for every call already made (and for background compaction) to finish.
 * - Each store also keeps an outbox (see `outbox.ts`) on the same storage: the sync server's
 *   webhook deliveries, which survive a restart with the documents.
 */
import type { Outbox } from './outbox.js';

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
  /** Sequence number of the last stored update (0: none yet). */
  seq: number;
  /**
   * Set when the store knows this doc's stored data is damaged (corrupt metadata, records lost):
   * what is wrong. Its loads and appends fail with a StoreError; `list` still names it.
   */
  damaged?: string;
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
   * Who wrote the batch: an opaque string (the sync server passes the token's `sub`), at most 1000
   * characters, stored with the batch (see `readAfter`). Omit when unknown.
   */
  author?: string;
}

/** Where an append landed (see the sequence numbers in the contract above). */
export interface AppendResult {
  /** Number of the batch's first update; `seq + 1` when the append stored no update. */
  firstSeq: number;
  /** Number of its last update: the doc's `meta.seq` after this append. */
  seq: number;
}

/** One stored batch, as `readAfter` returns it. */
export interface StoredBatch {
  /** Number of its first update. */
  firstSeq: number;
  /** Number of its last update. */
  seq: number;
  /** Its updates, in order. */
  updates: Uint8Array[];
  /** Who wrote it (several for a merged batch), in the order they first wrote; empty if unknown. */
  authors: string[];
  /** Epoch milliseconds when it was stored (the newest of a merged batch); null if unknown. */
  storedAt: number | null;
  /**
   * A merged batch whose changes came from several authors: who inserted and who deleted which
   * items (`decodeAttribution` in `versions/attribution.ts`). Absent when its `authors` say it all.
   */
  attribution?: Uint8Array;
}

/** How a version came to be. */
export type VersionKind = 'auto' | 'named';

/** A point in a document's history: the state made by every update up to `seq`. */
export interface DocVersion {
  /** The sequence number it stands for (always the end of a stored batch). */
  seq: number;
  /** Epoch milliseconds when it was created (or named). */
  createdAt: number;
  /** 'auto' (taken by the server after a pause or a long stretch of editing) or 'named' (by a person). */
  kind: VersionKind;
  /** A named version's name; null for an automatic one. */
  name: string | null;
  /** Who created (or named) it; null for an automatic one. */
  createdBy: string | null;
  /** Authors of the changes since the previous version, in the order they first wrote (the batches' authors). */
  authors: string[];
}

export interface CreateVersionOptions {
  kind: VersionKind;
  /** Required for a named version: 1..200 characters. */
  name?: string;
  /** Who creates it (at most 1000 characters). */
  createdBy?: string;
  /** The number to version: the end of a stored batch (default: the doc's current `seq`). */
  seq?: number;
  /**
   * Automatic versions only: create none when the doc's newest version is younger than this
   * (several processes deciding at about the same time make one version, not several).
   */
  minIntervalMs?: number;
}

export interface VersionListOptions {
  /** Only versions before this number (the previous page's `nextBefore`); default: from the newest. */
  before?: number | null;
  /** Page size, 1..10000 (default 100). */
  limit?: number;
}

export interface VersionPage {
  /** Newest first. */
  versions: DocVersion[];
  /** Pass as `before` for the next (older) page; null on the last page. */
  nextBefore: number | null;
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
   * Atomically append a batch of Yjs updates (v1) to a document, creating it if needed, with its
   * author. Settles only once the batch is durable (as far as the store promises: written through
   * to the OS, or on stable storage with `sync`), and rejects otherwise: there is no other way to
   * learn that a batch is stored. Every element must be a non-empty Uint8Array, else the call
   * rejects and nothing is stored. An empty batch is a no-op, unless `options.title` is given: then
   * only the title is recorded.
   */
  append(docName: string, updates: readonly Uint8Array[], options?: AppendOptions): Promise<AppendResult>;
  /** Load a document's merged state, or null if it has never been stored. */
  load(docName: string): Promise<LoadedDoc | null>;
  /**
   * The stored updates unmerged, or null if the document has never been stored: the cheap load
   * for a caller that applies them to a Y.Doc anyway (the sync server), since merging a large
   * doc means applying and encoding it once more. Same ordering as `load`; over a compaction
   * threshold, the store compacts in the background.
   */
  loadUpdates(docName: string): Promise<StoredUpdates | null>;
  /**
   * The stored batches whose last number is after `afterSeq`, in order (all of them for 0), or null
   * if the document has never been stored. See the sequence numbers in the contract above.
   */
  readAfter(docName: string, afterSeq: number): Promise<StoredBatch[] | null>;
  /**
   * The stored batches whose last number is at most `throughSeq`, in order, or null if the document
   * has never been stored: applied in order they give the state at `throughSeq`. Rejects if a stored
   * batch covers `throughSeq` and the number after it (a merged batch: only version numbers and
   * numbers after the newest version's are sure to be batch ends).
   */
  readThrough(docName: string, throughSeq: number): Promise<StoredBatch[] | null>;
  /**
   * Creates a version (see `CreateVersionOptions`), or names an existing one: a named version at the
   * number of an automatic one turns it into a named one; an automatic one where a version already
   * is returns that version unchanged. Resolves with the version, or null when there is nothing to
   * version (unknown doc, no update yet) or `minIntervalMs` said no. Rejects (naming the doc) for a
   * number past the doc's `seq` or inside a merged batch.
   */
  createVersion(docName: string, options: CreateVersionOptions): Promise<DocVersion | null>;
  /** The doc's versions, newest first, paged; null if the document has never been stored. */
  listVersions(docName: string, options?: VersionListOptions): Promise<VersionPage | null>;
  /** One version, or null if there is none at `seq` (or no such doc). */
  getVersion(docName: string, seq: number): Promise<DocVersion | null>;
  /**
   * Deletes the versions at these numbers (unknown ones are ignored); the authors of each deleted
   * version join those of the next version kept. Resolves with how many were deleted.
   */
  deleteVersions(docName: string, seqs: readonly number[]): Promise<number>;
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
  /** The outbox on the same storage (see `outbox.ts`); its calls reject once the store is closed. */
  readonly outbox: Outbox;
}
