import { describe, expect, it } from 'vitest';
import { glibcVersion, loadMallocTrim } from './loadMallocTrim.js';

describe('loadMallocTrim', () => {
  it('calls the real malloc_trim on glibc Linux, and says why not anywhere else', () => {
    const support = loadMallocTrim();
    if (process.platform !== 'linux' || glibcVersion() === undefined) {
      expect(support.trim).toBeNull();
      expect(support.unavailable).toMatch(/not Linux|not glibc/);
      return;
    }
    expect(support.unavailable).toBeNull();
    // Free some malloc'd memory first, so there is something to give back.
    let buffers: Buffer[] | null = Array.from({ length: 200 }, () => Buffer.alloc(64 * 1024, 1));
    expect(buffers.length).toBe(200);
    buffers = null;
    expect(typeof support.trim?.()).toBe('boolean');
  });
});
