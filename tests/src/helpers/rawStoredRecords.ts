import { crc32 } from 'node:zlib';
import { ClassicLevel } from 'classic-level';

/**
 * Direct access to the LevelDB records of a stopped server's store, to damage them the way a disk
 * can. Keys and the value seal follow `packages/persistence` (level/keys.ts, level/checkedValue.ts):
 * `v1 00 'u' 00 <doc> 00 <seq: u64 BE>` and `[crc32(key ++ bytes): u32 LE][bytes]`.
 */
export function updateKey(docName: string, seq: number): Uint8Array {
  const seqBytes = Buffer.alloc(8);
  seqBytes.writeBigUInt64BE(BigInt(seq));
  return Buffer.concat([Buffer.from(`v1\0u\0${docName}\0`), seqBytes]);
}

/** A value sealed with a valid checksum: the store reads back exactly `bytes`. */
export function sealValue(key: Uint8Array, bytes: Uint8Array): Uint8Array {
  const sealed = Buffer.alloc(4 + bytes.length);
  sealed.writeUInt32LE(crc32(bytes, crc32(key)), 0);
  sealed.set(bytes, 4);
  return sealed;
}

/** Opens the store's LevelDB (its server must be stopped), hands it to `change`, closes it. */
export async function withStoredRecords<T>(dataDir: string, change: (db: ClassicLevel<Uint8Array, Uint8Array>) => Promise<T>): Promise<T> {
  const db = new ClassicLevel<Uint8Array, Uint8Array>(dataDir, { keyEncoding: 'view', valueEncoding: 'view' });
  await db.open();
  try {
    return await change(db);
  } finally {
    await db.close();
  }
}
