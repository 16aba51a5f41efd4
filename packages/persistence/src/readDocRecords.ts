import { updateRange } from './keys.js';
import type { LevelDb } from './levelDb.js';
import { StoreError } from './storeError.js';
import type { StoredMeta } from './storedMeta.js';

/** Everything stored for one doc, read in one queued step. */
export interface Snapshot {
  meta: StoredMeta;
  /** Update keys in seq order, and their values. */
  keys: Uint8Array[];
  values: Uint8Array[];
}

/**
 * Meta plus every update record; rejects if the two disagree. Call inside the doc's queue;
 * `readMeta` reads the doc's metadata record (through the store's cache).
 */
export async function readSnapshot(
  db: LevelDb,
  docName: string,
  readMeta: (docName: string) => Promise<StoredMeta | null>,
): Promise<Snapshot | null> {
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
