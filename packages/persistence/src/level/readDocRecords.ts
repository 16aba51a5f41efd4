import { openSealedValue } from './checkedValue.js';
import { checkNoRecordsWithoutMeta, checkNotDamaged } from './docDamage.js';
import { updateRange } from './keys.js';
import type { LevelDb } from './levelDb.js';
import { StoreError } from '../storeError.js';
import type { PendingRecord } from './pendingAppends.js';
import type { StoredMeta } from './storedMeta.js';

/** Everything stored for one doc, read in one queued step. */
export interface Snapshot {
  meta: StoredMeta;
  /** Update keys in seq order, and their values. */
  keys: Uint8Array[];
  values: Uint8Array[];
}

/**
 * Meta plus every update record, all in LevelDB (journalled appends already checkpointed); rejects
 * if the two disagree. Call inside the doc's queue; `readMeta` reads the doc's metadata record
 * (through the store's cache).
 */
export async function readSnapshot(
  db: LevelDb,
  docName: string,
  readMeta: (docName: string) => Promise<StoredMeta | null>,
): Promise<Snapshot | null> {
  const meta = await readMeta(docName);
  if (meta === null) await checkNoRecordsWithoutMeta(db, docName);
  return (await captureSnapshot(db, docName, meta, undefined)?.read()) ?? null;
}

/**
 * Everything stored for one doc as of now, taken inside the doc's queue without waiting for
 * LevelDB: the metadata, the journalled records still pending (in memory) and an iterator over
 * LevelDB's records, whose implicit snapshot is taken at its creation. `read()` then iterates
 * outside the queue, so appends keep flowing while a compaction reads. Null if the doc does not
 * exist. `stored` is LevelDB's metadata record, `pending` the doc's journalled appends.
 */
export function captureSnapshot(
  db: LevelDb,
  docName: string,
  stored: StoredMeta | null,
  pending: { live: StoredMeta; records: readonly PendingRecord[] } | undefined,
): { read: () => Promise<Snapshot> } | null {
  const meta = pending?.live ?? stored;
  if (meta === null) return null;
  checkNotDamaged(docName, meta);
  const journalled = pending?.records.slice() ?? [];
  const storedCount = stored?.updateCount ?? 0;
  const iterator = db.iterator(updateRange(docName));
  return {
    read: async () => {
      const keys: Uint8Array[] = [];
      const values: Uint8Array[] = [];
      try {
        for await (const [key, sealed] of iterator) {
          const value = openSealedValue(key, sealed);
          if (value === null) {
            throw new StoreError(`corrupt stored update (record ${keys.length + 1} of ${storedCount}): it fails its checksum`, { docName });
          }
          keys.push(key);
          values.push(value);
        }
      } finally {
        await iterator.close();
      }
      if (keys.length !== storedCount || storedCount + journalled.length !== meta.updateCount) {
        const journalledNote = journalled.length > 0 ? ` and ${journalled.length} journalled` : '';
        throw new StoreError(`corrupt store: metadata lists ${meta.updateCount} updates but ${keys.length} are stored${journalledNote}`, {
          docName,
        });
      }
      for (const record of journalled) {
        keys.push(record.key);
        values.push(record.value);
      }
      return { meta, keys, values };
    },
  };
}
