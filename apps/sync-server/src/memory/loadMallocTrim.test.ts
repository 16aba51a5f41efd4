import { describe, expect, it } from 'vitest';
import { glibcVersion, loadMallocTrim } from './loadMallocTrim.js';

const glibc = glibcVersion();

describe('loadMallocTrim', () => {
  it.runIf(process.platform === 'linux' && glibc !== undefined)('on glibc Linux: calls the real malloc_trim', () => {
    const support = loadMallocTrim();
    expect(support.unavailable).toBeNull();
    // Free some malloc'd memory first, so there is something to give back.
    let buffers: Buffer[] | null = Array.from({ length: 200 }, () => Buffer.alloc(64 * 1024, 1));
    expect(buffers.length).toBe(200);
    buffers = null;
    expect(typeof support.trim?.()).toBe('boolean');
  });

  it.runIf(process.platform !== 'linux' || glibc === undefined)('elsewhere: says why it is not available', () => {
    const support = loadMallocTrim();
    expect(support.trim).toBeNull();
    expect(support.unavailable).toMatch(/not Linux|not glibc/);
  });
});
