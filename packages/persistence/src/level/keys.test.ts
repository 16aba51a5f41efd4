import { describe, expect, it } from 'vitest';
import { docNameFromMetaKey, metaKey, metaRange, updateKey, updateRange } from './keys.js';

const compare = (a: Uint8Array, b: Uint8Array): number => Buffer.compare(a, b);
const inRange = (key: Uint8Array, range: { gte: Uint8Array; lt: Uint8Array }): boolean =>
  compare(key, range.gte) >= 0 && compare(key, range.lt) < 0;

describe('keys', () => {
  it('sorts update keys by sequence, across byte boundaries', () => {
    const seqs = [0, 1, 255, 256, 65_535, 65_536, 2 ** 32 - 1, 2 ** 32, 2 ** 40 + 3, Number.MAX_SAFE_INTEGER - 1];
    const keys = seqs.map((seq) => updateKey('doc', seq));
    expect([...keys].sort(compare)).toEqual(keys);
  });

  it('keeps the update ranges of docs whose names are prefixes of each other apart', () => {
    const names = ['a', 'a/b', 'ab', 'a\u0001', 'b'];
    for (const owner of names) {
      const range = updateRange(owner);
      for (const other of names) {
        expect(inRange(updateKey(other, 0), range), `${other} in ${owner}`).toBe(other === owner);
        expect(inRange(updateKey(other, Number.MAX_SAFE_INTEGER - 1), range)).toBe(other === owner);
      }
      expect(inRange(metaKey(owner), range)).toBe(false);
      expect(inRange(metaKey(owner), metaRange)).toBe(true);
      expect(inRange(updateKey(owner, 5), metaRange)).toBe(false);
    }
  });

  it('bounds a range through a given seq', () => {
    const range = updateRange('doc', 256);
    expect(inRange(updateKey('doc', 256), range)).toBe(true);
    expect(inRange(updateKey('doc', 257), range)).toBe(false);
  });

  it('round-trips unicode doc names through meta keys, in code point order', () => {
    const names = ['z', 'ä', '文书', '😀', 'A'];
    for (const name of names) expect(docNameFromMetaKey(metaKey(name))).toBe(name);
    const sorted = names.map(metaKey).sort(compare).map(docNameFromMetaKey);
    expect(sorted).toEqual(['A', 'z', 'ä', '文书', '😀']);
  });
});
