import { openSealedValue, sealValue } from './checkedValue.js';
import { docNameFromMetaKey, formatKey, metaRange, updateRange } from './keys.js';
import { type BatchOp, type LevelDb, writeBatch } from './levelDb.js';
import { StoreError } from '../storeError.js';
import { decodeMetaJson, encodeStoredMeta } from './storedMeta.js';

/**
 * Format of the values in LevelDB, kept under `formatKey`. Format 2: every value is sealed with a
 * checksum (checkedValue.ts). A store without the key was written before that (format 1: plain
 * JSON metadata, raw updates); opening it seals its values once, doc by doc, each doc in one
 * atomic batch (its records and its metadata), then writes the key. A crash in between just
 * seals the remaining docs at the next open: a doc whose metadata is already sealed is skipped.
 */
export const storeFormat = 2;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Brings a store up to `storeFormat`; returns how many docs were sealed. */
export async function upgradeStoreFormat(db: LevelDb, writeOptions: { sync: boolean }): Promise<number> {
  const marker = await db.get(formatKey);
  if (marker !== undefined) {
    const format = decoder.decode(marker);
    if (format !== String(storeFormat))
      throw new StoreError(`the store has format ${JSON.stringify(format)}; this version reads format ${storeFormat}`);
    return 0;
  }
  let sealed = 0;
  for await (const [key, value] of db.iterator(metaRange)) {
    if (openSealedValue(key, value) !== null) continue;
    const docName = docNameFromMetaKey(key);
    let meta: ReturnType<typeof decodeMetaJson>;
    try {
      meta = decodeMetaJson(value);
    } catch {
      // Unreadable before the upgrade: left as it is, it keeps failing its doc (now its checksum).
      continue;
    }
    const ops: BatchOp[] = [];
    for await (const [updateKey, update] of db.iterator(updateRange(docName))) {
      ops.push({ type: 'put', key: updateKey, value: sealValue(updateKey, update) });
    }
    ops.push({ type: 'put', key, value: encodeStoredMeta(docName, meta) });
    await writeBatch(db, ops, writeOptions);
    sealed += 1;
  }
  await db.put(formatKey, encoder.encode(String(storeFormat)), writeOptions);
  return sealed;
}
