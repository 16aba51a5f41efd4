import { createMemoryStore } from '@tandem/persistence';
import { createRecordingDoc } from '@tandem/persistence/contract';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../logger.js';
import { RetentionSweeper } from './retentionSweeper.js';

const DAY = 24 * 60 * 60 * 1000;

describe('RetentionSweeper', () => {
  it('deletes the automatic versions the policy no longer keeps, in every document; named ones stay', async () => {
    const store = createMemoryStore();
    const made: Record<string, number[]> = {};
    for (const name of ['a', 'b']) {
      const source = createRecordingDoc();
      made[name] = [];
      for (let i = 0; i < 5; i++) {
        source.type(String(i));
        await store.append(name, source.takeUpdates(), { author: 'ada' });
        const version = await store.createVersion(name, i === 2 ? { kind: 'named', name: 'keep me' } : { kind: 'auto' });
        made[name]?.push(version?.seq as number);
      }
    }
    const sweeper = new RetentionSweeper({
      store,
      logger: createLogger('silent'),
      intervalMs: 3_600_000,
      policy: { keepAllDays: 30, keepHourlyDays: 90, keepDailyDays: 0 },
    });
    try {
      // Today every version is kept.
      expect(await sweeper.sweep()).toBe(0);
      // Forty days on, one per hour: the named one and the newest (also the last of its hour).
      expect(await sweeper.sweepDoc('a', Date.now() + 40 * DAY)).toBe(3);
      const kept = (await store.listVersions('a'))?.versions.map((version) => version.seq);
      expect(kept).toEqual([made.a?.[4], made.a?.[2]]);
      // Every authors list still covers every change: the deleted versions' authors went to the next one kept.
      expect((await store.getVersion('a', made.a?.[2] as number))?.authors).toEqual(['ada']);
      expect((await store.listVersions('b'))?.versions).toHaveLength(5);
    } finally {
      await sweeper.close();
    }
  });
});
