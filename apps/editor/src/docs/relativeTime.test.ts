import { describe, expect, it } from 'vitest';
import { relativeTime } from './relativeTime';

describe('relativeTime', () => {
  const now = Date.UTC(2025, 0, 10, 12);
  it('speaks in the largest whole unit', () => {
    expect(relativeTime(now - 10_000, now, 'en')).toBe('just now');
    expect(relativeTime(now - 5 * 60_000, now, 'en')).toBe('5 minutes ago');
    expect(relativeTime(now - 3 * 3600_000, now, 'en')).toBe('3 hours ago');
    expect(relativeTime(now - 24 * 3600_000, now, 'en')).toBe('yesterday');
    expect(relativeTime(now + 60_000, now, 'en')).toBe('just now');
  });
});
