import { describe, expect, it } from 'vitest';
import { socketBudget, softDescriptorLimit } from './softDescriptorLimit.js';

describe('softDescriptorLimit', () => {
  it('reads the soft limit of open files from /proc/self/limits text', () => {
    const text =
      'Limit                     Soft Limit           Hard Limit           Units\nMax open files            1024                 524288               files\n';
    expect(softDescriptorLimit(text)).toBe(1024);
    expect(softDescriptorLimit('Max open files            unlimited            unlimited            files\n')).toBeNull();
    expect(softDescriptorLimit('')).toBeNull();
  });

  it('on Linux, reads this process', () => {
    if (process.platform !== 'linux') return;
    expect(softDescriptorLimit()).toBeGreaterThan(0);
  });

  it('leaves a quarter of the descriptors, at least 64, for everything but sockets', () => {
    expect(socketBudget(1024)).toBe(768);
    expect(socketBudget(256)).toBe(192);
    expect(socketBudget(100)).toBe(36);
    expect(socketBudget(10)).toBe(1);
  });
});
