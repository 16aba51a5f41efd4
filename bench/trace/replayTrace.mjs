import * as Y from 'yjs';
import { localOrigin } from '../clients/benchClient.mjs';

/**
 * Replays trace transactions on `writer`, each as ONE Yjs transaction on its Y.Text (so one
 * update per edit), as fast as the relay allows: the writer stays at most `window` edits
 * ahead of what `reader` has received (judged by the writer's insert clock in the reader's
 * doc), yielding to the event loop every `yieldEvery` edits. Resolves when the reader's text
 * equals `expected`, with the time of that update.
 * @param {{ writer: import('../clients/benchClient.mjs').BenchClient, reader: import('../clients/benchClient.mjs').BenchClient,
 *   txns: readonly import('./loadTrace.mjs').Txn[], expected: string, window: number, stallMs: number, yieldEvery?: number }} options
 * @returns {Promise<{ startedAt: number, lastRelayAt: number }>}
 */
export async function replayTrace({ writer, reader, txns, expected, window, stallMs, yieldEvery = 50 }) {
  const writerId = writer.doc.clientID;
  const text = writer.text;
  /** Writer's insert clock after each edit. */
  const clockAfter = new Float64Array(txns.length);
  let written = 0;
  let relayed = 0;
  let lastRelayAt = 0;
  /** @type {(() => void) | null} */
  let wake = null;
  let finished = false;
  /** @type {(value: number) => void} */
  let resolveDone = () => {};
  const done = new Promise((resolve) => {
    resolveDone = resolve;
  });
  const finalClock = () => (written === txns.length ? (clockAfter[txns.length - 1] ?? 0) : Number.POSITIVE_INFINITY);

  const onReaderUpdate = () => {
    const clock = Y.getState(reader.doc.store, writerId);
    while (relayed < written && /** @type {number} */ (clockAfter[relayed]) <= clock) relayed += 1;
    if (!finished && clock >= finalClock() && reader.text.length === expected.length && reader.text.toString() === expected) {
      finished = true;
      lastRelayAt = performance.now();
      resolveDone(lastRelayAt);
    }
    if (wake) {
      const resume = wake;
      wake = null;
      resume();
    }
  };
  reader.doc.on('update', onReaderUpdate);

  const startedAt = performance.now();
  try {
    while (written < txns.length) {
      if (written - relayed >= window) {
        const before = relayed;
        await new Promise((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`relay stalled: ${stallMs} ms without progress at edit ${relayed}`)), stallMs);
          wake = () => {
            clearTimeout(timer);
            resolve(undefined);
          };
        });
        if (relayed === before) continue;
      }
      const end = Math.min(txns.length, written + yieldEvery);
      for (; written < end; written++) {
        const { patches } = /** @type {import('./loadTrace.mjs').Txn} */ (txns[written]);
        writer.doc.transact(() => {
          for (const [position, deleteCount, insert] of patches) {
            if (deleteCount > 0) text.delete(position, deleteCount);
            if (insert) text.insert(position, insert);
          }
        }, localOrigin);
        clockAfter[written] = Y.getState(writer.doc.store, writerId);
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
    onReaderUpdate();
    await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the reader never reached the expected text within ${stallMs} ms`)), stallMs);
      done.then(() => {
        clearTimeout(timer);
        resolve(undefined);
      });
    });
    return { startedAt, lastRelayAt };
  } finally {
    reader.doc.off('update', onReaderUpdate);
  }
}
