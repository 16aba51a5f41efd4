import type { StoredMeta } from './storedMeta.js';

/** A doc's appends that are in the journal but not in LevelDB yet. */
export interface PendingDoc {
  /** Metadata including these appends (what getMeta reports; LevelDB still has the older one). */
  live: StoredMeta;
  /** Update records to put, in seq order. */
  records: { key: Uint8Array; value: Uint8Array }[];
  /** Oldest journal file holding one of these appends (it is kept until they are in LevelDB). */
  firstFile: number;
}

/** Docs with journalled appends not yet in LevelDB. Read and changed only inside each doc's queue. */
export type PendingAppends = Map<string, PendingDoc>;
