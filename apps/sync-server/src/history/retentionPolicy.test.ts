import type { DocVersion } from '@tandem/persistence';
import { describe, expect, it } from 'vitest';
import { expiredVersions } from './retentionPolicy.js';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
const now = Date.UTC(2026, 5, 30, 12);
const policy = { keepAllDays: 30, keepHourlyDays: 90, keepDailyDays: 365 };

let seq = 0;
const version = (createdAt: number, kind: DocVersion['kind'] = 'auto'): DocVersion => ({
  seq: ++seq,
  createdAt,
  kind,
  name: kind === 'named' ? 'n' : null,
  createdBy: null,
  authors: [],
});

describe('expiredVersions', () => {
  it('keeps all recent versions, the last of each hour, then of each day, then none; named and newest always', () => {
    const recent = [version(now - 2 * DAY), version(now - 2 * DAY + 60_000), version(now - 29 * DAY)];
    const hourBase = Math.floor((now - 40 * DAY) / HOUR) * HOUR;
    const sameHour = [version(hourBase + 60_000), version(hourBase + 120_000), version(hourBase + 180_000)];
    const dayBase = Math.floor((now - 100 * DAY) / DAY) * DAY;
    const sameDay = [version(dayBase + HOUR), version(dayBase + 5 * HOUR), version(dayBase + 9 * HOUR)];
    const namedOld = version(dayBase + 10 * HOUR, 'named');
    const ancient = [version(now - 400 * DAY), version(now - 399 * DAY)];
    const newest = version(now - 500 * DAY);
    const all = [...recent, ...sameHour, ...sameDay, namedOld, ...ancient, newest];
    // `newest` has the highest number, whatever its time.
    expect(expiredVersions(all, now, policy).sort((a, b) => a - b)).toEqual(
      [sameHour[0], sameHour[1], sameDay[0], sameDay[1], ...ancient].map((v) => v?.seq),
    );
  });

  it('keeps one per day for ever with keepDailyDays 0', () => {
    const dayBase = Math.floor((now - 1000 * DAY) / DAY) * DAY;
    const old = [version(dayBase + HOUR), version(dayBase + 2 * HOUR)];
    const last = version(now);
    expect(expiredVersions([...old, last], now, { ...policy, keepDailyDays: 0 })).toEqual([old[0]?.seq]);
  });
});
