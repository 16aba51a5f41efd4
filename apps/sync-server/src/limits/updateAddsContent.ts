import * as Y from 'yjs';

/**
 * Whether a (v1) update carries structs the doc does not have yet. An update that only repeats
 * known structs and/or deletes (a reconnecting client's sync step 2, an undo of an insert, a
 * cleanup) returns false: it cannot grow the doc by new content, so a doc at its size limit
 * still accepts it. Throws on a malformed update, like `Y.applyUpdate` would.
 * Cost: one pass over the update's struct headers plus one lookup per client.
 */
export function updateAddsContent(update: Uint8Array, doc: Y.Doc): boolean {
  const { to } = Y.parseUpdateMeta(update);
  for (const [client, clock] of to) {
    if (clock > Y.getState(doc.store, client)) return true;
  }
  return false;
}
