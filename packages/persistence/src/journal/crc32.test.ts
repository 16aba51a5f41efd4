import { randomBytes } from 'node:crypto';
import { crc32 as zlibCrc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { crc32, crc32TableMaxBytes } from './crc32.js';

describe('crc32', () => {
  it('equals zlib.crc32 on both sides of the table/zlib switch', () => {
    const lengths = [0, 1, 2, 7, 8, 100, 255, 256, crc32TableMaxBytes - 1, crc32TableMaxBytes, crc32TableMaxBytes + 1, 70_000];
    for (const length of lengths) {
      for (let round = 0; round < 20; round++) {
        const bytes = randomBytes(length);
        expect(crc32(bytes), `length ${length}`).toBe(zlibCrc32(bytes));
      }
    }
  });

  it('gives the known check value and works on views with an offset', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    const backing = randomBytes(300);
    const view = new Uint8Array(backing.buffer, backing.byteOffset + 13, 200);
    expect(crc32(view)).toBe(zlibCrc32(view));
  });
});
