import { ClassicLevel } from 'classic-level';
import { StoreError } from '../storeError.js';

/** The LevelDB handle the store uses: binary keys and values (see keys.ts for the layout). */
export type LevelDb = ClassicLevel<Uint8Array, Uint8Array>;

export type BatchOp = { type: 'put'; key: Uint8Array; value: Uint8Array } | { type: 'del'; key: Uint8Array };

/**
 * Writes `ops` as one atomic batch through LevelDB's chained-batch API: one native call per
 * operation with the key and value as arguments, cheaper than an array batch, whose native side
 * reads every operation object's properties.
 */
export function writeBatch(db: LevelDb, ops: readonly BatchOp[], options: { sync: boolean }): Promise<void> {
  const batch = db.batch();
  for (const op of ops) {
    if (op.type === 'put') batch.put(op.key, op.value);
    else batch.del(op.key);
  }
  return batch.write(options);
}

export async function openLevelDb(dir: string): Promise<LevelDb> {
  const db: LevelDb = new ClassicLevel<Uint8Array, Uint8Array>(dir, {
    keyEncoding: 'view',
    valueEncoding: 'view',
    // Reads are rare (a doc's records once per load; metadata is cached) and writes come in
    // checkpoints, so LevelDB's 8 MiB block cache and 4 MiB memtable mostly held memory: with
    // 1,000 idle docs they were several KB of resident memory per doc.
    cacheSize: 1024 * 1024,
    writeBufferSize: 1024 * 1024,
  });
  try {
    await db.open();
  } catch (error) {
    throw new StoreError(`cannot open LevelDB store at ${JSON.stringify(dir)}`, { cause: error });
  }
  return db;
}
