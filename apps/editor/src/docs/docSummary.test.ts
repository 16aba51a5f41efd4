import { describe, expect, it } from 'vitest';
import { parseActivity, parseDocPage } from './docSummary';

describe('parseDocPage', () => {
  it('keeps the fields the list shows', () => {
    const page = parseDocPage({
      docs: [{ name: 'a', title: 'Plan', createdAt: 1, updatedAt: 2, bytes: 10, updateCount: 1, totalUpdates: 1 }],
      nextCursor: null,
    });
    expect(page).toEqual({ docs: [{ name: 'a', title: 'Plan', createdAt: 1, updatedAt: 2 }], nextCursor: null });
  });

  it('says what is wrong with a malformed answer', () => {
    expect(() => parseDocPage({})).toThrow(/needs a "docs" array/);
    expect(() => parseDocPage({ docs: [{ name: 'a', title: 3, createdAt: 1, updatedAt: 2 }], nextCursor: null })).toThrow(/document a: "title"/);
    expect(() => parseDocPage({ docs: [], nextCursor: 5 })).toThrow(/nextCursor/);
  });
});

describe('parseActivity', () => {
  it('maps document names to connection counts, dropping idle ones', () => {
    const { connections } = parseActivity({ docs: [{ name: 'a', connections: 2 }, { name: 'b', connections: 0 }] });
    expect([...connections]).toEqual([['a', 2]]);
    expect(() => parseActivity({ docs: [{ name: 'a' }] })).toThrow(/"name" and "connections"/);
  });
});
