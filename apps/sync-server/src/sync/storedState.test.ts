import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { storedState } from './storedState.js';

/** Updates of a doc written by two clients: a compacted base, then the updates appended since. */
function storedDoc(): { doc: Y.Doc; base: Uint8Array; newer: Uint8Array[] } {
  const doc = new Y.Doc();
  const other = new Y.Doc();
  doc.getText('t').insert(0, 'base text');
  Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
  other.getText('t').insert(0, 'other ');
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(other));
  const base = Y.encodeStateAsUpdate(doc);
  const newer: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => newer.push(update));
  doc.getText('t').insert(3, 'more ');
  const third = new Y.Doc();
  Y.applyUpdate(third, Y.encodeStateAsUpdate(doc));
  third.getText('t').insert(0, 'new client ');
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(third, Y.encodeStateVector(doc)));
  return { doc, base, newer };
}

describe('storedState', () => {
  it('gives the state vector Yjs gives for the applied doc, without applying it', () => {
    const { doc, base, newer } = storedDoc();
    const state = storedState('d', [base, ...newer]);
    expect(Y.decodeStateVector(state.stateVector)).toEqual(Y.decodeStateVector(Y.encodeStateVector(doc)));
    expect(Y.decodeStateVector(storedState('d', [base]).stateVector)).toEqual(Y.decodeStateVector(Y.encodeStateVectorFromUpdate(base)));
  });

  it('stops a client at a gap in the stored updates, as Yjs does', () => {
    const { base, newer } = storedDoc();
    // The newer updates without the first one: the writer's next clocks are missing.
    const state = storedState('d', [base, ...newer.slice(1)]);
    const applied = new Y.Doc();
    for (const update of [base, ...newer.slice(1)]) Y.applyUpdate(applied, update);
    expect(Y.decodeStateVector(state.stateVector)).toEqual(Y.decodeStateVector(Y.encodeStateVector(applied)));
  });

  it('refuses bytes that are no Yjs update with a store error naming the doc', () => {
    expect(() => storedState('broken', [Uint8Array.of(9, 9, 9, 9)])).toThrow(/broken/);
    const { base } = storedDoc();
    expect(() => storedState('broken', [base, Uint8Array.of(1, 200, 7, 255, 255, 255, 3)])).toThrow(/broken/);
  });
});
