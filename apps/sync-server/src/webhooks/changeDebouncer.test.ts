import { describe, expect, it } from 'vitest';
import { ChangeDebouncer } from './changeDebouncer.js';

function recorder() {
  const fired: { name: string; firstSeq: number; at: number }[] = [];
  const started = performance.now();
  return { fired, onQuiet: async (name: string, firstSeq: number) => void fired.push({ name, firstSeq, at: performance.now() - started }) };
}

const until = async (check: () => boolean, timeoutMs = 5000) => {
  const deadline = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

describe('ChangeDebouncer', () => {
  it('fires once a document is quiet for the debounce, once for many changes, with the first number of the window', async () => {
    const { fired, onQuiet } = recorder();
    const debouncer = new ChangeDebouncer({ debounceMs: 80, maxWaitMs: 10_000 }, onQuiet);
    debouncer.stored('a', 5);
    debouncer.stored('a', 3);
    debouncer.stored('b', 1);
    await until(() => fired.length === 2);
    expect(fired.map(({ name, firstSeq }) => [name, firstSeq]).sort()).toEqual([
      ['a', 3],
      ['b', 1],
    ]);
    expect(debouncer.pending).toBe(0);
  });

  it('waits again for changes seen elsewhere, but no longer than the maximum wait', async () => {
    const { fired, onQuiet } = recorder();
    const debouncer = new ChangeDebouncer({ debounceMs: 60, maxWaitMs: 300 }, onQuiet);
    const started = performance.now();
    debouncer.stored('busy', 1);
    // Another node's changes keep coming every 20 ms: the window only ends at its maximum wait.
    while (fired.length === 0 && performance.now() - started < 2000) {
      debouncer.changed('busy');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(fired).toHaveLength(1);
    expect(fired[0]?.at).toBeGreaterThanOrEqual(290);
    // A change seen elsewhere opens no window of its own.
    debouncer.changed('elsewhere');
    expect(debouncer.isOpen('elsewhere')).toBe(false);
  });

  it('holds a window while a restore writes, flushes one on request, and opens it again when announcing fails', async () => {
    let failures = 1;
    const fired: string[] = [];
    const debouncer = new ChangeDebouncer({ debounceMs: 30, maxWaitMs: 100 }, async (name) => {
      if (failures-- > 0) throw new Error('store down');
      fired.push(name);
    });
    const release = debouncer.hold('restored');
    debouncer.stored('restored', 1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(debouncer.isOpen('restored')).toBe(true);
    release();
    await until(() => fired.includes('restored'));
    debouncer.stored('deleted', 7);
    await debouncer.flush('deleted');
    expect(fired).toEqual(['restored', 'deleted']);
    expect(debouncer.isOpen('deleted')).toBe(false);
  });
});
