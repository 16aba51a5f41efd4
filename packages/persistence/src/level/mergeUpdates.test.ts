import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { contentOf, createRecordingDoc, docFromUpdate } from '../contract/recordingDoc.js';
import { InvalidUpdateError, mergeUpdates } from './mergeUpdates.js';

describe('mergeUpdates', () => {
  it('produces the same state as applying every update, and garbage-collects deleted text', async () => {
    const source = createRecordingDoc();
    source.type('x'.repeat(400));
    source.erase(0, 390);
    source.type('tail', 1);
    const merged = await mergeUpdates(source.updates);
    const restored = docFromUpdate(merged.update);
    expect(contentOf(restored)).toEqual(contentOf(source.doc));
    expect(merged.stateVector).toEqual(Y.encodeStateVector(source.doc));
    const raw = source.updates.reduce((n, u) => n + u.length, 0);
    expect(merged.update.length).toBeLessThan(raw / 4);
    // Deleted characters are gone, not just tombstoned: only the 10 kept x's are in the update.
    expect(Buffer.from(merged.update).toString('latin1')).toContain('x'.repeat(10));
    expect(Buffer.from(merged.update).toString('latin1')).not.toContain('x'.repeat(11));
  });

  it('yields to the event loop while merging many updates (1 ms slices by default)', async () => {
    const doc = new Y.Doc();
    const updates: Uint8Array[] = [];
    doc.on('update', (update: Uint8Array) => updates.push(update));
    for (let i = 0; i < 3000; i += 1) doc.getText('t').insert(i % 7, 'x');
    let ticks = 0;
    const timer = setInterval(() => {
      ticks += 1;
    }, 1);
    try {
      const merged = await mergeUpdates(updates);
      expect(docFromUpdate(merged.update).getText('t').toString()).toBe(doc.getText('t').toString());
    } finally {
      clearInterval(timer);
    }
    expect(ticks).toBeGreaterThan(0);
  });

  it('names the index of an invalid update', async () => {
    const source = createRecordingDoc();
    source.type('abc');
    const updates = [...source.updates];
    updates.splice(2, 0, Uint8Array.of(255, 255, 255, 255));
    const error = await mergeUpdates(updates).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidUpdateError);
    expect((error as InvalidUpdateError).index).toBe(2);
  });

  it('keeps updates whose dependencies are missing (pending) in the merged result', async () => {
    const source = createRecordingDoc();
    source.type('abc');
    const withoutSecond = source.updates.filter((_, i) => i !== 1);
    const merged = await mergeUpdates(withoutSecond);
    const restored = docFromUpdate(merged.update);
    Y.applyUpdate(restored, source.updates[1] as Uint8Array);
    expect(contentOf(restored)).toEqual(contentOf(source.doc));
  });
});
