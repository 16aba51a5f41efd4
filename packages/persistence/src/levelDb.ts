import { ClassicLevel } from 'classic-level';
import { StoreError } from './storeError.js';

/** The LevelDB handle the store uses: binary keys and values (see keys.ts for the layout). */
export type LevelDb = ClassicLevel<Uint8Array, Uint8Array>;

export type BatchOp = { type: 'put'; key: Uint8Array; value: Uint8Array } | { type: 'del'; key: Uint8Array };

export async function openLevelDb(dir: string): Promise<LevelDb> {
  const db: LevelDb = new ClassicLevel<Uint8Array, Uint8Array>(dir, { keyEncoding: 'view', valueEncoding: 'view' });
  try {
    await db.open();
  } catch (error) {
    throw new StoreError(`cannot open LevelDB store at ${JSON.stringify(dir)}`, { cause: error });
  }
  return db;
}
