import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { createRecordingDoc } from '../contract/recordingDoc.js';
import { mergeSpans, mergeSpansNow } from './spanDeltas.js';

/** Seeded edits on one paragraph: typing and deleting, the way text grows and shrinks in a real document. */
function editSpans(spanCount: number, editsPerSpan: number) {
  const source = createRecordingDoc(7);
  let seed = 42;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const spans: Uint8Array[][] = [];
  const states: string[] = [];
  for (let s = 0; s < spanCount; s++) {
    for (let e = 0; e < editsPerSpan; e++) {
      const paragraph = source.doc.getXmlFragment('default').get(0) as Y.XmlElement | undefined;
      const length = (paragraph?.get(0) as Y.XmlText | undefined)?.length ?? 0;
      // Deletions anywhere in the text, so that the doc's deletions are many separate runs.
      if (random() < 0.3 && length > 40) source.erase(Math.floor(random() * (length - 4)), 1 + Math.floor(random() * 3));
      else source.type(String.fromCharCode(97 + Math.floor(random() * 26)));
    }
    spans.push(source.takeUpdates());
    states.push(source.doc.getXmlFragment('default').toString());
  }
  return { spans, states, source };
}

function replay(updates: readonly Uint8Array[]): Y.Doc {
  const doc = new Y.Doc();
  for (const update of updates) Y.applyUpdate(doc, update);
  return doc;
}

describe('merging spans between versions', () => {
  it('each merged span applied after the ones before gives the state at its version', async () => {
    const { spans, states, source } = editSpans(12, 40);
    const merged = await mergeSpans(
      spans,
      spans.map(() => true),
    );
    const doc = new Y.Doc();
    merged.forEach((update, i) => {
      Y.applyUpdate(doc, update as Uint8Array);
      expect(doc.getXmlFragment('default').toString(), `state after span ${i}`).toBe(states[i]);
    });
    expect(Y.encodeStateVector(doc)).toEqual(Y.encodeStateVector(source.doc));
  });

  it('keeps the spans it is told to keep, and merges the rest the same way', () => {
    const { spans, states } = editSpans(6, 20);
    const merge = [true, false, true, false, false, true];
    const merged = mergeSpansNow(spans, merge);
    expect(merged.map((update) => update !== null)).toEqual(merge);
    const doc = new Y.Doc();
    merged.forEach((update, i) => {
      for (const part of update === null ? (spans[i] as Uint8Array[]) : [update]) Y.applyUpdate(doc, part);
      expect(doc.getXmlFragment('default').toString()).toBe(states[i]);
    });
  });

  it('is small: content deleted within a span is collected, and each span carries only its own deletions', () => {
    const { spans, source } = editSpans(40, 100);
    const merged = mergeSpansNow(
      spans,
      spans.map(() => true),
    );
    const total = merged.reduce((sum, update) => sum + (update as Uint8Array).byteLength, 0);
    const raw = spans.flat().reduce((sum, update) => sum + update.byteLength, 0);
    // Yjs's own diff of each version against the one before repeats every deletion made so far.
    let yjsDiffs = 0;
    const doc = new Y.Doc();
    for (const span of spans) {
      const before = Y.encodeStateVector(doc);
      for (const update of span) Y.applyUpdate(doc, update);
      yjsDiffs += Y.encodeStateAsUpdate(doc, before).byteLength;
    }
    expect(total).toBeLessThan(raw / 5);
    expect(total).toBeLessThan(yjsDiffs);
    expect(
      replay(merged as Uint8Array[])
        .getXmlFragment('default')
        .toString(),
    ).toBe(source.doc.getXmlFragment('default').toString());
  });
});
