import * as Y from 'yjs';
import type { RoomPeer } from './roomHooks.js';

/** One change to store: what Yjs integrated (relayed once stored), or a raw update Yjs keeps pending (stored only). */
export interface Change {
  update: Uint8Array;
  relay: boolean;
}

/**
 * Applies one peer's updates to `doc` in one transaction (the peer as origin). An update Yjs keeps
 * pending in part (it waits for missing dependencies, so it is in no update event yet) is pushed to
 * `changes` as it is, to be stored only, so that a restart does not lose it; what Yjs integrates
 * reaches `changes` through the doc's update event at the end of the transaction. An update that
 * cannot be applied closes the peer; what applied before it is kept (and stored).
 */
export function applyPeerUpdates(doc: Y.Doc, peer: RoomPeer, updates: readonly Uint8Array[], changes: Change[]): void {
  const store = doc.store;
  doc.transact(() => {
    for (const update of updates) {
      const pendingBefore = store.pendingStructs?.update ?? null;
      const pendingDsBefore = store.pendingDs;
      try {
        Y.applyUpdate(doc, update, peer);
      } catch (error) {
        peer.rejectUpdate(error);
        return;
      }
      const pendingAfter = store.pendingStructs?.update ?? null;
      if ((pendingAfter !== null && pendingAfter !== pendingBefore) || (store.pendingDs !== null && store.pendingDs !== pendingDsBefore)) {
        changes.push({ update, relay: false });
      }
    }
  }, peer);
}
