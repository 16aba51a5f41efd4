import { updateRange } from './keys.js';
import type { LevelDb } from './levelDb.js';
import { StoreError } from '../storeError.js';
import type { StoredMeta } from './storedMeta.js';

/**
 * A doc whose stored data is known to be incomplete fails every load and append with a StoreError
 * instead of being served without the lost part (clients holding it would then diverge for good).
 * `delete` clears it.
 */
export function checkNotDamaged(docName: string, meta: StoredMeta | null): void {
  if (meta?.damaged !== undefined) {
    throw new StoreError(`the stored document is damaged (${meta.damaged}); it is not served until it is deleted`, { docName });
  }
}

/**
 * A doc without metadata is new, unless update records of it are stored: then its metadata record
 * was lost, and serving it as a new, empty doc (or appending over its records) would hide that.
 */
export async function checkNoRecordsWithoutMeta(db: LevelDb, docName: string): Promise<void> {
  for await (const _key of db.keys({ ...updateRange(docName), limit: 1 })) {
    throw new StoreError('corrupt store: update records are stored without metadata (its metadata record was lost)', { docName });
  }
}
