import { StoreError } from '@tandem/persistence';
import { encodeSyncStep2, encodeSyncUpdate } from '@tandem/protocol';
import * as Y from 'yjs';

/** What a room answers from its stored updates before it has applied them to a Y.Doc. */
export interface StoredState {
  /** The stored document's state vector (up to the first gap of each client, as Yjs computes it). */
  stateVector: Uint8Array;
  /**
   * The whole document for a client that has nothing: a compacted base goes out as it is (an
   * update message), the updates appended since merged into one (the sync step 2, last, so that a
   * provider that turns synced on step 2 has everything by then, in causal order).
   */
  messages: Uint8Array[];
}

/**
 * Reads a room's stored updates without applying them: decoding them is a fraction of applying
 * them, which a cold load of a large document would otherwise wait for. Throws a StoreError naming
 * the doc when they are not Yjs updates, so nothing of an unreadable doc is ever sent.
 */
export function storedState(docName: string, updates: readonly Uint8Array[]): StoredState {
  const [base, ...rest] = updates;
  if (base === undefined) throw new Error('storedState needs at least one stored update');
  try {
    if (rest.length === 0) return { stateVector: Y.encodeStateVectorFromUpdate(base), messages: [encodeSyncStep2(base)] };
    const newer = rest.length === 1 ? (rest[0] as Uint8Array) : Y.mergeUpdates(rest);
    return { stateVector: combinedStateVector(base, newer), messages: [encodeSyncUpdate(base), encodeSyncStep2(newer)] };
  } catch (error) {
    throw new StoreError('the stored updates cannot be read (corrupt data)', { docName, cause: error });
  }
}

/**
 * The state vector of `base` followed by `newer`, without merging them (that would re-encode the
 * whole base): each client's clock from the base (Yjs stops it at the client's first gap), extended
 * to the end of the client's structs in the newer part where they continue it. The newer part is
 * what the doc's own update events stored, contiguous by construction; only an update stored while
 * Yjs held part of it pending could hide a gap inside it, and once the room applies the doc its
 * state vector is exact again.
 */
function combinedStateVector(base: Uint8Array, newer: Uint8Array): Uint8Array {
  const vector = Y.decodeStateVector(Y.encodeStateVectorFromUpdate(base));
  const { from, to } = Y.parseUpdateMeta(newer);
  for (const [client, end] of to) {
    const start = from.get(client) ?? 0;
    const known = vector.get(client) ?? 0;
    if (start <= known && end > known) vector.set(client, end);
  }
  return Y.encodeStateVector(vector);
}

/** An update with no structs and no deletions: what a client with nothing new answers our sync step 1 with. */
export function isEmptyUpdate(update: Uint8Array): boolean {
  return update.length === 2 && update[0] === 0 && update[1] === 0;
}
