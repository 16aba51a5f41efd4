import type { ClassicLevel } from 'classic-level';
import { updateRange } from '../src/level/keys.js';

/** Number of update records stored for `docName`, read straight from LevelDB. */
export async function countUpdateKeys(db: ClassicLevel<Uint8Array, Uint8Array>, docName: string): Promise<number> {
  let count = 0;
  for await (const _key of db.keys(updateRange(docName))) count += 1;
  return count;
}

/** Every key in the database (for asserting nothing of a doc is left). */
export async function allKeys(db: ClassicLevel<Uint8Array, Uint8Array>): Promise<string[]> {
  const keys: string[] = [];
  for await (const key of db.keys()) keys.push(Buffer.from(key).toString('latin1'));
  return keys;
}
