import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { replaceText } from './replaceText.js';

function sync(a: Y.Doc, b: Y.Doc) {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
}

describe('replaceText', () => {
  it('turns the text into the new value with one splice', () => {
    const doc = new Y.Doc();
    const text = doc.getText('title');
    replaceText(text, 'Hello world');
    const updates: Uint8Array[] = [];
    doc.on('update', (u: Uint8Array) => updates.push(u));
    replaceText(text, 'Hello brave world');
    expect(text.toString()).toBe('Hello brave world');
    expect(updates).toHaveLength(1);
    expect(text.toDelta()).toEqual([{ insert: 'Hello brave world' }]);
    replaceText(text, 'Hello');
    replaceText(text, '');
    expect(text.toString()).toBe('');
  });

  it('keeps a concurrent edit elsewhere in the text', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    replaceText(a.getText('title'), 'Plan for Monday');
    sync(a, b);
    replaceText(a.getText('title'), 'The plan for Monday');
    replaceText(b.getText('title'), 'Plan for Monday 3pm');
    sync(a, b);
    expect(a.getText('title').toString()).toBe('The plan for Monday 3pm');
    expect(b.getText('title').toString()).toBe('The plan for Monday 3pm');
  });

  it('is a no-op when nothing changed', () => {
    const doc = new Y.Doc();
    replaceText(doc.getText('t'), 'same');
    let updates = 0;
    doc.on('update', () => updates++);
    replaceText(doc.getText('t'), 'same');
    expect(updates).toBe(0);
  });
});
