import { describe, expect, it } from 'vitest';
import { applyActivityChange, parseActivity, parseDocDeleted, parseDocPage } from './docSummary';

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
    expect(() => parseDocPage({ docs: [{ name: 'a', title: 3, createdAt: 1, updatedAt: 2 }], nextCursor: null })).toThrow(
      /document a: "title"/,
    );
    expect(() => parseDocPage({ docs: [], nextCursor: 5 })).toThrow(/nextCursor/);
  });
});

describe('parseActivity', () => {
  it('maps document names to connection counts, dropping idle ones', () => {
    const { connections } = parseActivity({
      docs: [
        { name: 'a', connections: 2 },
        { name: 'b', connections: 0 },
      ],
    });
    expect([...connections]).toEqual([['a', 2]]);
    expect(() => parseActivity({ docs: [{ name: 'a' }] })).toThrow(/"name" and "connections"/);
  });
});

describe('applyActivityChange', () => {
  it('updates the documents named, removes those everyone left, keeps the others', () => {
    const { connections } = parseActivity({
      docs: [
        { name: 'a', connections: 2 },
        { name: 'b', connections: 1 },
      ],
    });
    const next = applyActivityChange(connections, {
      docs: [
        { name: 'a', connections: 3 },
        { name: 'b', connections: 0 },
        { name: 'c', connections: 1 },
      ],
    });
    expect([...next]).toEqual([
      ['a', 3],
      ['c', 1],
    ]);
    expect([...connections]).toEqual([
      ['a', 2],
      ['b', 1],
    ]);
    expect(() => applyActivityChange(next, { docs: [{ connections: 1 }] })).toThrow(/"name" and "connections"/);
    expect(() => applyActivityChange(next, {})).toThrow(/activity-change event needs a "docs" array/);
  });
});

describe('parseDocDeleted', () => {
  it('names the deleted document, or says what is wrong', () => {
    expect(parseDocDeleted({ name: 'ws-abc' })).toEqual({ name: 'ws-abc' });
    expect(() => parseDocDeleted({ name: '' })).toThrow(/non-empty "name"/);
    expect(() => parseDocDeleted([])).toThrow(/doc-deleted event must be an object/);
  });
});
