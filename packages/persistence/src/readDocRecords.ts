import { metaKey, updateRange } from './keys.js';
import type { LevelDb } from './levelDb.js';
import { StoreError } from './storeError.js';
import { decodeStoredMeta, type StoredMeta } from './storedMeta.js';

/** Everything stored for one doc, read in one queued step. */
export interface Snapshot {
  meta: StoredMeta;
  /** Update keys in seq order, and their values. */
  keys: Uint8Array[];
  values: Uint8Array[];
}

export async function readStoredMeta(db: LevelDb, docName: string): Promise<StoredMeta | null> {
  const bytes = await db.get(metaKey(docName));
  if (bytes === undefined) return null;
  try {
    return decodeStoredMeta(bytes);
  } catch (error) {
    throw new StoreError('corrupt metadata record', { docName, cause: error });
  }
}

/** Meta plus every update record; rejects if the two disagree. Call inside the doc's queue. */
export async function readSnapshot(db: LevelDb, docName: string): Promise<Snapshot | null> {
  const meta = await readStoredMeta(db, docName);
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
