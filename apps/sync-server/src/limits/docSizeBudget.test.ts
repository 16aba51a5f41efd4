import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DocSizeBudget } from './docSizeBudget.js';
import { updateAddsContent } from './updateAddsContent.js';

function clock() {
  let t = 0;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('DocSizeBudget (counting)', () => {
  it('admits while the running estimate fits and refuses what would cross the limit', () => {
    const c = clock();
    let measured = 0;
    const budget = new DocSizeBudget({
      maxDocBytes: 100,
      initialBytes: 40,
      measure: () => {
        measured++;
        return 95;
      },
      now: c.now,
    });
    expect(budget.admit(60, () => true)).toBe(true);
    expect(budget.estimatedBytes).toBe(100);
    expect(measured).toBe(0);
    // Over the estimate: measure once (95 exact), still over → refused, nothing counted.
    expect(budget.admit(10, () => true)).toBe(false);
    expect(measured).toBe(1);
    expect(budget.estimatedBytes).toBe(95);
    expect(budget.admit(5, () => true)).toBe(true);
    expect(budget.estimatedBytes).toBe(100);
  });

  it('re-measures to reclaim overcounted bytes, at most once per interval', () => {
    const c = clock();
    let exact = 50;
    let measured = 0;
    const budget = new DocSizeBudget({
      maxDocBytes: 100,
      initialBytes: 50,
      measure: () => {
        measured++;
        return exact;
      },
      remeasureIntervalMs: 1000,
      now: c.now,
    });
    expect(budget.admit(50, () => true)).toBe(true); // estimate 100, but the doc only grew to 60
    exact = 60;
    expect(budget.admit(30, () => true)).toBe(true); // measured 60 → 90 fits
    expect(measured).toBe(1);
    exact = 70;
    expect(budget.admit(20, () => true)).toBe(false); // within the interval: the estimate (90) decides
    expect(measured).toBe(1);
    c.advance(1000);
    expect(budget.admit(20, () => true)).toBe(true); // measured 70 → 90
    expect(measured).toBe(2);
  });

  it('waits 20× as long as the last measurement took before measuring again', () => {
    const c = clock();
    let measured = 0;
    const budget = new DocSizeBudget({
      maxDocBytes: 100,
      initialBytes: 100,
      measure: () => {
        measured++;
        c.advance(500); // a slow measurement of a big doc
        return 50;
      },
      remeasureIntervalMs: 1000,
      now: c.now,
    });
    expect(budget.admit(50, () => true)).toBe(true); // measured: 50 + 50
    expect(budget.admit(1, () => true)).toBe(false);
    c.advance(9_999);
    expect(budget.admit(1, () => true)).toBe(false);
    expect(measured).toBe(1);
    c.advance(1);
    expect(budget.admit(1, () => true)).toBe(true);
    expect(measured).toBe(2);
  });

  it('does not measure again when nothing was admitted since the last measurement', () => {
    const c = clock();
    let measured = 0;
    const budget = new DocSizeBudget({
      maxDocBytes: 10,
      initialBytes: 10,
      measure: () => {
        measured++;
        return 10;
      },
      now: c.now,
    });
    for (let i = 0; i < 5; i++) {
      c.advance(5000);
      expect(budget.admit(1, () => true)).toBe(false);
    }
    expect(measured).toBe(1);
  });

  it('always admits updates that add no content, even over the limit', () => {
    const budget = new DocSizeBudget({ maxDocBytes: 10, initialBytes: 10, measure: () => 10 });
    expect(budget.admit(500, () => false)).toBe(true);
  });

  it('asks whether an update adds content only when it would not fit (the check parses the update)', () => {
    const budget = new DocSizeBudget({ maxDocBytes: 100, initialBytes: 0, measure: () => 0 });
    let asked = 0;
    const addsContent = () => {
      asked++;
      return true;
    };
    expect(budget.admit(60, addsContent)).toBe(true);
    expect(asked).toBe(0);
    expect(budget.admit(60, addsContent)).toBe(true); // measured 0 → fits, after asking once
    expect(asked).toBe(1);
  });
});

describe('DocSizeBudget with a real Y.Doc', () => {
  const LIMIT = 4096;

  /** A server-side doc that applies only what the budget admits, as the room would. */
  function serverDoc() {
    const doc = new Y.Doc();
    const budget = new DocSizeBudget({
      maxDocBytes: LIMIT,
      initialBytes: 0,
      measure: () => Y.encodeStateAsUpdate(doc).byteLength,
      remeasureIntervalMs: 0,
      now: () => 0, // time stands still: every crossing may measure
    });
    const receive = (update: Uint8Array): boolean => {
      if (!budget.admit(update.byteLength, () => updateAddsContent(update, doc))) return false;
      Y.applyUpdate(doc, update);
      return true;
    };
    return { doc, receive };
  }

  it('never lets the stored doc grow past the limit, yet keeps syncing and deleting when full', () => {
    const server = serverDoc();
    const client = new Y.Doc();
    const text = client.getText('default');
    let refused = 0;
    client.on('update', (update: Uint8Array) => {
      if (!server.receive(update)) refused++;
    });
    for (let i = 0; i < 400 && refused === 0; i++) text.insert(text.length, `line ${i} of some typed text\n`);
    expect(refused).toBe(1);
    const size = Y.encodeStateAsUpdate(server.doc).byteLength;
    expect(size).toBeLessThanOrEqual(LIMIT);
    expect(size).toBeGreaterThan(LIMIT * 0.9);

    // A second client that already has the server's state reconnects: its sync step 2 adds nothing.
    const peer = new Y.Doc();
    Y.applyUpdate(peer, Y.encodeStateAsUpdate(server.doc));
    const step2 = Y.encodeStateAsUpdate(peer, Y.encodeStateVector(server.doc));
    expect(updateAddsContent(step2, server.doc)).toBe(false);
    expect(server.receive(step2)).toBe(true);

    // Deleting is accepted at the limit and shrinks the doc, after which typing fits again.
    const peerText = peer.getText('default');
    const deletions: Uint8Array[] = [];
    peer.on('update', (update: Uint8Array) => deletions.push(update));
    peerText.delete(0, 200);
    expect(deletions.every((update) => server.receive(update))).toBe(true);
    const typed: Uint8Array[] = [];
    peer.on('update', (update: Uint8Array) => typed.push(update));
    peerText.insert(0, 'fits again');
    expect(typed.some((update) => updateAddsContent(update, server.doc))).toBe(true);
    expect(typed.every((update) => server.receive(update))).toBe(true);
    expect(server.doc.getText('default').toString().startsWith('fits again')).toBe(true);
  });
});

describe('updateAddsContent', () => {
  it('is true for new structs, false for duplicates and pure deletions', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    const captured: Uint8Array[] = [];
    a.on('update', (update: Uint8Array) => captured.push(update));
    a.getText('t').insert(0, 'hello');
    const [insert] = captured;
    if (insert === undefined) throw new Error('no update');
    expect(updateAddsContent(insert, b)).toBe(true);
    Y.applyUpdate(b, insert);
    expect(updateAddsContent(insert, b)).toBe(false);
    a.getText('t').delete(0, 2);
    const deletion = captured[1];
    if (deletion === undefined) throw new Error('no update');
    expect(updateAddsContent(deletion, b)).toBe(false);
  });

  it('throws on a malformed update', () => {
    expect(() => updateAddsContent(new Uint8Array([0xff, 0xff, 0xff]), new Y.Doc())).toThrow();
  });
});
