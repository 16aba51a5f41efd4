import { openSealedValue, sealValue } from './checkedValue.js';
import { batchKey } from './keys.js';

/**
 * What the LevelDB store keeps of one appended batch besides its updates (which are ordinary update
 * records, one per update): where it ends, who wrote it and when. After a compaction one record
 * stands for the merged batches (their authors together, the newest time). Seqs here are the
 * store's internal ones (0-based); the public ones (`StoredBatch`) are one higher.
 */
export interface BatchRecord {
  /** Internal seq of the batch's first update (also its key). */
  first: number;
  /** Internal seq of its last update. */
  last: number;
  /** Distinct authors, in the order they first wrote. */
  authors: string[];
  /** Epoch milliseconds of the (newest) append. */
  at: number;
  /** A merged batch of several authors: who inserted and deleted what (see `StoredBatch.attribution`). */
  attribution?: Uint8Array;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

export function encodeBatchRecord(docName: string, record: BatchRecord): { key: Uint8Array; value: Uint8Array } {
  const key = batchKey(docName, record.first);
  const attribution = record.attribution === undefined ? {} : { attribution: Buffer.from(record.attribution).toString('base64') };
  return {
    key,
    value: sealValue(key, encoder.encode(JSON.stringify({ last: record.last, authors: record.authors, at: record.at, ...attribution }))),
  };
}

/** Decodes a stored batch record; throws a plain Error describing what is wrong. */
export function decodeBatchRecord(key: Uint8Array, first: number, stored: Uint8Array): BatchRecord {
  const bytes = openSealedValue(key, stored);
  if (bytes === null) throw new Error(`batch record at seq ${first} fails its checksum`);
  const value = JSON.parse(decoder.decode(bytes)) as (Omit<Partial<BatchRecord>, 'attribution'> & { attribution?: unknown }) | null;
  if (
    typeof value !== 'object' ||
    value === null ||
    !Number.isSafeInteger(value.last) ||
    (value.last as number) < first ||
    !Array.isArray(value.authors) ||
    !value.authors.every((author) => typeof author === 'string') ||
    !Number.isSafeInteger(value.at) ||
    (value.attribution !== undefined && typeof value.attribution !== 'string')
  ) {
    throw new Error(`batch record at seq ${first} is malformed`);
  }
  const record: BatchRecord = { first, last: value.last as number, authors: value.authors, at: value.at as number };
  if (typeof value.attribution === 'string') record.attribution = new Uint8Array(Buffer.from(value.attribution, 'base64'));
  return record;
}
