import { describe, expect, it } from 'vitest';
import { checkDocName } from './checkInput.js';
import { StoreError } from './storeError.js';

describe('checkDocName', () => {
  it('accepts a name again once checked, and never lets a bad one through, before or after a full cache', () => {
    const bad = ['', 'a\0b', 'lone \ud800 surrogate', 'x'.repeat(1001)];
    for (let round = 0; round < 3; round++) {
      expect(() => checkDocName('good/name')).not.toThrow();
      for (const name of bad) expect(() => checkDocName(name)).toThrow(StoreError);
      expect(() => checkDocName(42)).toThrow(StoreError);
      // More distinct names than the cache keeps: it empties and starts again.
      for (let i = 0; i < 1500; i++) checkDocName(`doc-${round}-${i}`);
    }
  });
});
