import * as Y from 'yjs';

export interface MergedState {
  /** One Yjs update (v1) equivalent to all inputs, with deleted content garbage-collected. */
  update: Uint8Array;
  /** State vector of a doc that applied `update`. */
  stateVector: Uint8Array;
}

/** Thrown when one input is not a valid Yjs update; `index` says which. */
export class InvalidUpdateError extends Error {
  override readonly name = 'InvalidUpdateError';
  constructor(
    readonly index: number,
    cause: unknown,
  ) {
    super(`update #${index} is not a valid Yjs update (${cause instanceof Error ? cause.message : String(cause)})`, {
      cause,
    });
  }
}

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Merges stored updates by applying them to a fresh `Y.Doc` (gc on) and encoding its state,
 * so deleted content is dropped and the result stays small. Updates are applied in
 * transactions of at most `sliceMs` of work each, yielding to the event loop in between,
 * so merging a large doc does not stall other documents; only the final encode is one
 * synchronous step. Slices are short so that a compaction never holds other documents' frames
 * for long.
 */
export async function mergeUpdates(updates: readonly Uint8Array[], sliceMs = 1): Promise<MergedState> {
  const doc = new Y.Doc({ gc: true });
  try {
    let index = 0;
    while (index < updates.length) {
      const sliceStart = performance.now();
      doc.transact(() => {
        while (index < updates.length) {
          const update = updates[index] as Uint8Array;
          try {
            Y.applyUpdate(doc, update);
          } catch (error) {
            throw new InvalidUpdateError(index, error);
          }
          index += 1;
          if (performance.now() - sliceStart >= sliceMs) break;
        }
      });
      if (index < updates.length) await yieldToEventLoop();
    }
    return { update: Y.encodeStateAsUpdate(doc), stateVector: Y.encodeStateVector(doc) };
  } finally {
    doc.destroy();
  }
}
