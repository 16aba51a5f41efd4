import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

/**
 * The most awareness client ids one connection may introduce. A stock provider has exactly one
 * (its doc's clientID); the cap keeps one connection from filling a room's awareness (held in
 * memory and sent to every peer) with made-up clients.
 */
export const MAX_AWARENESS_CLIENTS_PER_CONNECTION = 8;

export interface OwnedAwareness {
  /** The update with only the entries the sender may set, or null when none is left. */
  update: Uint8Array | null;
  /** Client ids whose entries were dropped. */
  dropped: number[];
}

/**
 * Restricts an awareness update (`[count][clientID clock state]...`, already validated) to the
 * client ids its sender may touch: ids it introduced itself, or ids nobody in the room holds yet
 * (up to `MAX_AWARENESS_CLIENTS_PER_CONNECTION`). Entries for another connection's ids are dropped,
 * so a client can neither impersonate someone's presence nor remove it. The update is returned as
 * is when nothing was dropped.
 */
export function ownAwarenessEntries(
  update: Uint8Array,
  own: ReadonlySet<number>,
  heldByOther: (clientId: number) => boolean,
): OwnedAwareness {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  const kept: { clientId: number; clock: number; state: string }[] = [];
  const dropped: number[] = [];
  let introduced = own.size;
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    const state = decoding.readVarString(decoder);
    if (own.has(clientId)) {
      kept.push({ clientId, clock, state });
    } else if (!heldByOther(clientId) && introduced < MAX_AWARENESS_CLIENTS_PER_CONNECTION) {
      introduced++;
      kept.push({ clientId, clock, state });
    } else {
      dropped.push(clientId);
    }
  }
  if (dropped.length === 0) return { update, dropped };
  if (kept.length === 0) return { update: null, dropped };
  return {
    update: encoding.encode((e) => {
      encoding.writeVarUint(e, kept.length);
      for (const entry of kept) {
        encoding.writeVarUint(e, entry.clientId);
        encoding.writeVarUint(e, entry.clock);
        encoding.writeVarString(e, entry.state);
      }
    }),
    dropped,
  };
}
