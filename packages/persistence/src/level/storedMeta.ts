import type { DocMeta } from '../documentStore.js';
import { metaKey } from './keys.js';
import type { LevelDb } from './levelDb.js';
import { openSealedValue, sealValue } from './checkedValue.js';
import { StoreError } from '../storeError.js';

/**
 * The metadata record stored under a doc's meta key: the public `DocMeta` fields (minus the
 * name, which is in the key) plus the bookkeeping the LevelDB store needs.
 */
export interface StoredMeta {
  /** Format of this record. */
  v: 1;
  bytes: number;
  updateCount: number;
  totalUpdates: number;
  title: string | null;
  createdAt: number;
  updatedAt: number;
  /** Sequence number the next appended update gets. */
  nextSeq: number;
  /** Bytes of the records the last compaction left (0 before the first compaction). */
  baseBytes: number;
  /** Records the last compaction left (one per span between versions); absent: 1. */
  baseCount?: number;
  /** Random id chosen when the doc is created; a compaction only commits into the same epoch. */
  epoch: string;
  /**
   * Compactions committed so far. A compaction commits only if this is unchanged since its
   * snapshot, i.e. the records it replaces are still exactly the ones it read.
   */
  compactions: number;
  /**
   * Set when the store found the doc's stored data incomplete or unreadable (a damaged journal
   * record, records a replay could not place): says what happened. Such a doc fails every load and
   * append with a StoreError instead of being served without its lost part; `delete` clears it.
   */
  damaged?: string;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/** The record as stored under the doc's meta key: JSON, sealed with a checksum (checkedValue.ts). */
export function encodeStoredMeta(docName: string, meta: StoredMeta): Uint8Array {
  return sealValue(metaKey(docName), encoder.encode(JSON.stringify(meta)));
}

const numberFields = ['bytes', 'updateCount', 'totalUpdates', 'createdAt', 'updatedAt', 'nextSeq', 'baseBytes', 'compactions'] as const;

/** Checks and parses a stored record; throws a plain Error describing what is wrong. */
export function decodeStoredMeta(docName: string, stored: Uint8Array): StoredMeta {
  const bytes = openSealedValue(metaKey(docName), stored);
  if (bytes === null) throw new Error('metadata record fails its checksum');
  return decodeMetaJson(bytes);
}

/** Parses the JSON of a record (a sealed one's inside, or a record of the unsealed format before it). */
export function decodeMetaJson(bytes: Uint8Array): StoredMeta {
  let value: unknown;
  try {
    value = JSON.parse(decoder.decode(bytes));
  } catch (error) {
    throw new Error(`metadata record is not valid JSON (${(error as Error).message})`);
  }
  if (typeof value !== 'object' || value === null) throw new Error('metadata record is not an object');
  const record = value as Record<string, unknown>;
  if (record.v !== 1) throw new Error(`metadata record has unknown format version ${String(record.v)}`);
  for (const field of numberFields) {
    const n = record[field];
    if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) {
      throw new Error(`metadata field "${field}" is not a non-negative integer`);
    }
  }
  if (record.title !== null && typeof record.title !== 'string') throw new Error('metadata field "title" is not a string');
  if (typeof record.epoch !== 'string') throw new Error('metadata field "epoch" is not a string');
  if (record.damaged !== undefined && typeof record.damaged !== 'string') throw new Error('metadata field "damaged" is not a string');
  if (record.baseCount !== undefined && !(Number.isSafeInteger(record.baseCount) && (record.baseCount as number) >= 0)) {
    throw new Error('metadata field "baseCount" is not a non-negative integer');
  }
  return record as unknown as StoredMeta;
}

export function toDocMeta(name: string, meta: StoredMeta): DocMeta {
  return {
    name,
    bytes: meta.bytes,
    updateCount: meta.updateCount,
    totalUpdates: meta.totalUpdates,
    title: meta.title,
    createdAt: meta.createdAt,
    updatedAt: meta.updatedAt,
    seq: meta.nextSeq,
    ...(meta.damaged === undefined ? {} : { damaged: meta.damaged }),
  };
}

/**
 * Reads and decodes a doc's metadata record from LevelDB: null when the doc has none; a corrupt
 * record rejects with a StoreError naming the doc (`what` says which reader found it).
 */
export async function readStoredMeta(db: LevelDb, docName: string, what = 'corrupt metadata record'): Promise<StoredMeta | null> {
  const bytes = await db.get(metaKey(docName));
  if (bytes === undefined) return null;
  try {
    return decodeStoredMeta(docName, bytes);
  } catch (error) {
    throw new StoreError(what, { docName, cause: error });
  }
}
