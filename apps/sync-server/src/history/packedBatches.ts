import type { StoredBatch } from '@tandem/persistence';

/** A stored batch without its bytes: the lengths of its updates (and attribution) in `PackedBatches.bytes`. */
export interface PackedBatch {
  firstSeq: number;
  seq: number;
  authors: string[];
  storedAt: number | null;
  updates: number[];
  attribution: number | null;
}

/**
 * Stored batches as they cross to a conversion worker: all their bytes copied into one buffer of
 * their own (transferred, not cloned: the store's arrays may be views of larger buffers).
 */
export interface PackedBatches {
  bytes: Uint8Array;
  batches: PackedBatch[];
}

export function packBatches(batches: readonly StoredBatch[]): PackedBatches {
  let total = 0;
  for (const batch of batches) {
    for (const update of batch.updates) total += update.byteLength;
    total += batch.attribution?.byteLength ?? 0;
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  const put = (part: Uint8Array): number => {
    bytes.set(part, at);
    at += part.byteLength;
    return part.byteLength;
  };
  const packed = batches.map((batch) => ({
    firstSeq: batch.firstSeq,
    seq: batch.seq,
    authors: batch.authors,
    storedAt: batch.storedAt,
    updates: batch.updates.map(put),
    attribution: batch.attribution === undefined ? null : put(batch.attribution),
  }));
  return { bytes, batches: packed };
}

/** The batches again (their arrays are views of `packed.bytes`). */
export function unpackBatches(packed: PackedBatches): StoredBatch[] {
  let at = 0;
  const take = (length: number): Uint8Array => {
    const part = packed.bytes.subarray(at, at + length);
    at += length;
    return part;
  };
  return packed.batches.map((batch) => {
    const updates = batch.updates.map(take);
    const attribution = batch.attribution === null ? undefined : take(batch.attribution);
    return {
      firstSeq: batch.firstSeq,
      seq: batch.seq,
      authors: batch.authors,
      storedAt: batch.storedAt,
      updates,
      ...(attribution === undefined ? {} : { attribution }),
    };
  });
}
