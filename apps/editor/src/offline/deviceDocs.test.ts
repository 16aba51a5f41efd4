import { describe, expect, it } from 'vitest';
import { type DeviceDocs, deviceDocList, MAX_DEVICE_DOCS, parseDeviceDocs, withDeviceDoc } from './deviceDocs';

describe('device docs', () => {
  it('parse what was stored, dropping entries that are not documents, and anything that is not JSON', () => {
    const raw = JSON.stringify({
      plan: { title: 'Plan', openedAt: 5, unsynced: true },
      notes: { openedAt: 3 },
      '': { title: 'no name', openedAt: 1 },
      broken: { title: 'no time' },
    });
    expect(parseDeviceDocs(raw)).toEqual({
      plan: { name: 'plan', title: 'Plan', openedAt: 5, unsynced: true },
      notes: { name: 'notes', title: '', openedAt: 3, unsynced: false },
    });
    expect(parseDeviceDocs('not json')).toEqual({});
    expect(parseDeviceDocs('[1]')).toEqual({});
    expect(parseDeviceDocs(null)).toEqual({});
  });

  it('add and update entries, listed by when they were opened, newest first', () => {
    let docs: DeviceDocs = {};
    docs = withDeviceDoc(docs, 'a', { openedAt: 1, title: 'A' });
    docs = withDeviceDoc(docs, 'b', { openedAt: 2 });
    docs = withDeviceDoc(docs, 'a', { unsynced: true });
    expect(deviceDocList(docs)).toEqual([
      { name: 'b', title: '', openedAt: 2, unsynced: false },
      { name: 'a', title: 'A', openedAt: 1, unsynced: true },
    ]);
  });

  it(`keep at most ${MAX_DEVICE_DOCS}, forgetting the least recently opened, but never one with unsynced edits`, () => {
    let docs: DeviceDocs = withDeviceDoc({}, 'oldest-unsynced', { openedAt: 0, unsynced: true });
    for (let i = 1; i <= MAX_DEVICE_DOCS; i++) docs = withDeviceDoc(docs, `doc-${i}`, { openedAt: i });
    expect(Object.keys(docs)).toHaveLength(MAX_DEVICE_DOCS);
    expect(docs['oldest-unsynced']?.unsynced).toBe(true);
    expect(docs['doc-1']).toBeUndefined();
    expect(docs[`doc-${MAX_DEVICE_DOCS}`]).toBeDefined();
  });
});
