import { describe, expect, it } from 'vitest';
import type { VersionInfo } from './historyApi.js';
import { authorName, groupByDay } from './versionGroups.js';

const at = (y: number, m: number, d: number, h: number, seq: number): VersionInfo => ({
  seq,
  createdAt: new Date(y, m - 1, d, h).getTime(),
  kind: 'auto',
  name: null,
  createdBy: null,
  authors: [],
});

describe('groupByDay', () => {
  it('groups newest-first versions by local day: today, yesterday, then dates', () => {
    const now = new Date(2026, 5, 30, 15).getTime();
    const days = groupByDay([at(2026, 6, 30, 14, 9), at(2026, 6, 30, 9, 8), at(2026, 6, 29, 23, 7), at(2026, 6, 2, 10, 6)], now, 'en-US');
    expect(days.map((day) => [day.label, day.versions.map((version) => version.seq)])).toEqual([
      ['Today', [9, 8]],
      ['Yesterday', [7]],
      ['Tuesday, June 2, 2026', [6]],
    ]);
  });

  it('shows an author by name', () => {
    expect(authorName('demo:Ada Lovelace')).toBe('Ada Lovelace');
    expect(authorName('apikey:indexer')).toBe('apikey:indexer');
    expect(authorName('')).toBe('Someone');
  });
});
