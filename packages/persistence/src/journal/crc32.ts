import { crc32 as zlibCrc32 } from 'node:zlib';

/** Below this many bytes the table loop below is used; zlib's (SIMD) above. */
export const crc32TableMaxBytes = 1024;

const table = new Int32Array(256);
for (let n = 0; n < 256; n++) {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  table[n] = c;
}

/**
 * CRC-32 (the zlib / IEEE 802.3 one), equal to `zlib.crc32`. A journal record of a keystroke is
 * ~100 bytes, and there the call into zlib costs more than the sum itself: on the benchmark VM a
 * call after the process was idle took 3 µs (p50) against 1.3 µs for this loop
 * (docs/performance.md §14). Longer inputs (replaying a journal) go to zlib.
 */
export function crc32(bytes: Uint8Array): number {
  if (bytes.length > crc32TableMaxBytes) return zlibCrc32(bytes);
  let c = -1;
  for (let i = 0; i < bytes.length; i++) c = (table[(c ^ (bytes[i] as number)) & 0xff] as number) ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}
