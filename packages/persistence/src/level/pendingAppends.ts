import { updateKey } from './keys.js';
import type { BatchRecord } from './storedBatch.js';
import type { StoredMeta } from './storedMeta.js';

/**
 * One journalled update waiting for the checkpoint. Its LevelDB key is built when something asks
 * for it (the checkpoint, a read, a compaction), not on the append: that took a TextEncoder call
 * and four small allocations per keystroke, on the path before the relay is acknowledged.
 */
export class PendingRecord {
  private encodedKey: Uint8Array | null = null;

  constructor(
    private readonly docName: string,
    readonly seq: number,
    readonly value: Uint8Array,
  ) {}

  get key(): Uint8Array {
    this.encodedKey ??= updateKey(this.docName, this.seq);
    return this.encodedKey;
  }
}

/** A doc's appends that are in the journal but not in LevelDB yet. */
export interface PendingDoc {
  /** Metadata including these appends (what getMeta reports; LevelDB still has the older one). */
  live: StoredMeta;
  /** Update records to put, in seq order. */
  records: PendingRecord[];
  /** Batch records to put, in seq order. */
  batches: BatchRecord[];
  /** Oldest journal file holding one of these appends (it is kept until they are in LevelDB). */
  firstFile: number;
}

/** Docs with journalled appends not yet in LevelDB. Read and changed only inside each doc's queue. */
export type PendingAppends = Map<string, PendingDoc>;
