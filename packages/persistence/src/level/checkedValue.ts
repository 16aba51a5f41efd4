import { crc32 } from 'node:zlib';

/**
 * Every value the store puts into LevelDB is sealed as `[crc32(key ++ bytes): u32 LE][bytes]` and
 * checked on every read. LevelDB does not verify its block checksums on reads (classic-level has no
 * `verify_checksums` option), so without this a flipped bit in a stored update was served as
 * changed text. The key is in the sum, so a value that ends up under another key fails too.
 */
const checksumBytes = 4;

export function sealValue(key: Uint8Array, bytes: Uint8Array): Uint8Array {
  const sealed = new Uint8Array(checksumBytes + bytes.length);
  sealed.set(bytes, checksumBytes);
  new DataView(sealed.buffer).setUint32(0, crc32(bytes, crc32(key)), true);
  return sealed;
}

/** The bytes inside a sealed value (a view, no copy), or null if the value fails its check. */
export function openSealedValue(key: Uint8Array, sealed: Uint8Array): Uint8Array | null {
  if (sealed.length < checksumBytes) return null;
  const bytes = sealed.subarray(checksumBytes);
  const stored = new DataView(sealed.buffer, sealed.byteOffset, checksumBytes).getUint32(0, true);
  return crc32(bytes, crc32(key)) === stored ? bytes : null;
}
