import * as Y from 'yjs';
import { InvalidUpdateError } from '../level/mergeUpdates.js';
import { encodeIdSet, emptyIdSet, type IdSet, subtractIdSet } from './idSets.js';

/**
 * Merging a doc's stored updates span by span, where a span is the run of updates between two
 * versions (see versionSpans.ts): the state at every version stays readable, and each merged span
 * is as small as Yjs can make it. The spans are applied in order to one Y.Doc with garbage
 * collection on; a span to merge becomes its delta: the structs added since the state before it
 * (content deleted within the span is collected) and only the deletions new in it. Applying the
 * merged spans in order gives the same doc, and stopping after span k gives the state at version k.
 *
 * The deletions go in as Yjs writes a delete set at the end of a v1 update (`idSets.ts`); should
 * the update Yjs encoded not end with the delete set it was expected to (pending structs), the
 * span keeps Yjs's whole update, which is right too, only larger.
 */

/** For each span, its merged update, or null where `merge` says to keep it as it is. */
export type MergedSpans = (Uint8Array | null)[];

/** Work of at most about this long between two yields. */
const sliceMs = 2;

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The doc's structs since `stateBefore` and the deletions not in `deletedBefore`, as one v1 update. */
function deltaSince(doc: Y.Doc, stateBefore: Uint8Array, deletedBefore: IdSet): Uint8Array {
  const full = Y.encodeStateAsUpdate(doc, stateBefore);
  const deletedNow = Y.createDeleteSetFromStructStore(doc.store);
  const tail = encodeIdSet(deletedNow);
  const structsEnd = full.length - tail.length;
  if (structsEnd < 0 || !sameBytes(full.subarray(structsEnd), tail)) return full;
  const fresh = encodeIdSet(subtractIdSet(deletedNow, deletedBefore));
  const delta = new Uint8Array(structsEnd + fresh.length);
  delta.set(full.subarray(0, structsEnd));
  delta.set(fresh, structsEnd);
  return delta;
}

/** The merge as steps: it yields between slices of work; its return value is the result. */
export function* mergeSpanSteps(spans: readonly (readonly Uint8Array[])[], merge: readonly boolean[]): Generator<void, MergedSpans> {
  const out: MergedSpans = spans.map(() => null);
  const last = merge.lastIndexOf(true);
  if (last < 0) return out;
  const doc = new Y.Doc({ gc: true });
  let index = 0;
  let applied = 0;
  try {
    for (let i = 0; i <= last; i++) {
      const span = spans[i] as readonly Uint8Array[];
      const merging = merge[i] === true;
      const stateBefore = merging ? Y.encodeStateVector(doc) : null;
      const deletedBefore = merging && applied > 0 ? Y.createDeleteSetFromStructStore(doc.store) : emptyIdSet();
      let next = 0;
      while (next < span.length) {
        const started = performance.now();
        doc.transact(() => {
          while (next < span.length) {
            try {
              Y.applyUpdate(doc, span[next] as Uint8Array);
            } catch (error) {
              throw new InvalidUpdateError(index, error);
            }
            next++;
            index++;
            applied++;
            if (performance.now() - started >= sliceMs) break;
          }
        });
        if (next < span.length) yield;
      }
      if (stateBefore !== null) {
        out[i] = deltaSince(doc, stateBefore, deletedBefore);
        yield;
      }
    }
    return out;
  } finally {
    doc.destroy();
  }
}

/** Runs the merge at once (the memory store, whose operations take effect when called). */
export function mergeSpansNow(spans: readonly (readonly Uint8Array[])[], merge: readonly boolean[]): MergedSpans {
  const steps = mergeSpanSteps(spans, merge);
  for (;;) {
    const step = steps.next();
    if (step.done === true) return step.value;
  }
}

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Runs the merge in slices, yielding to the event loop in between, so other documents are not stalled. */
export async function mergeSpans(spans: readonly (readonly Uint8Array[])[], merge: readonly boolean[]): Promise<MergedSpans> {
  const steps = mergeSpanSteps(spans, merge);
  for (;;) {
    const step = steps.next();
    if (step.done === true) return step.value;
    await yieldToEventLoop();
  }
}
