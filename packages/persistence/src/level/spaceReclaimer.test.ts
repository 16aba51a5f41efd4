import { describe, expect, it } from 'vitest';
import { createSpaceReclaimer, maxDeferrals } from './spaceReclaimer.js';
import type { StoreError } from '../storeError.js';

/** LevelDB's compactRange, recorded: the ranges asked for and when. */
function recordingDb() {
  const calls: { at: number; gte: Uint8Array }[] = [];
  return { calls, db: { compactRange: async (gte: Uint8Array) => void calls.push({ at: performance.now(), gte }) } };
}

describe('space reclaimer', () => {
  it('rewrites once per burst of requests, for each doc asked about', async () => {
    const { calls, db } = recordingDb();
    const reclaimer = createSpaceReclaimer({
      db: db as never,
      delayMs: 20,
      onError: (error) => {
        throw error;
      },
    });
    for (let i = 0; i < 5; i++) reclaimer.reclaim('a');
    reclaimer.reclaim('b');
    await expect.poll(() => calls.length === 2, { timeout: 5000, message: 'two rewrites' }).toBe(true);
    await reclaimer.close();
    expect(calls).toHaveLength(2);
  });

  it('is not put off forever by requests that keep coming', async () => {
    const { calls, db } = recordingDb();
    const delayMs = 10;
    const reclaimer = createSpaceReclaimer({
      db: db as never,
      delayMs,
      onError: (error: StoreError) => {
        throw error;
      },
    });
    const started = performance.now();
    // A doc compacting without pause: a request every 2 ms, well inside the debounce delay.
    const steady = setInterval(() => reclaimer.reclaim('busy'), 2);
    try {
      await expect.poll(() => calls.length > 0, { timeout: 5000, message: 'a rewrite while requests keep coming' }).toBe(true);
    } finally {
      clearInterval(steady);
    }
    expect((calls[0]?.at ?? 0) - started).toBeLessThan((maxDeferrals + 10) * delayMs);
    await reclaimer.close();
  });
});
