import { encodeSyncStep2, encodeSyncUpdate } from '@tandem/protocol';
import * as Y from 'yjs';

const emptyUpdate = Y.encodeStateAsUpdate(new Y.Doc());

/**
 * The whole stored document as messages for a client that has nothing (an empty state vector),
 * made from the stored updates as they are, without applying them to a Y.Doc first: a compacted
 * base goes out as it is, the few updates appended since are merged into one (`Y.mergeUpdates`,
 * no doc). The base goes first as an update message and the newer part last as the sync step 2,
 * so a provider that marks itself synced on step 2 has everything by then, and the client
 * integrates in causal order: the newer part first would wait as pending structs until the base
 * came, then be merged and applied again (a cold client: 155 ms against 94 ms for the trace doc).
 */
export function storedStateMessages(updates: readonly Uint8Array[]): Uint8Array[] {
  const [base, ...rest] = updates;
  if (base === undefined) return [encodeSyncStep2(emptyUpdate)];
  if (rest.length === 0) return [encodeSyncStep2(base)];
  const newer = rest.length === 1 ? (rest[0] as Uint8Array) : Y.mergeUpdates(rest);
  return [encodeSyncUpdate(base), encodeSyncStep2(newer)];
}
