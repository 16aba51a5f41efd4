import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

/** The JSON `null` an awareness entry carries for a removed state. */
const removedState = new TextEncoder().encode('null');

/** Whether an entry's state bytes are `null` (the client is removed). */
function isRemoval(state: Uint8Array): boolean {
  return state.length === removedState.length && state.every((byte, i) => byte === removedState[i]);
}

/**
 * Keeps the entries of an awareness update (`[count][clientID clock state]...`, already validated)
 * whose client id `mayOwn` accepts, in order; `mayOwn` is asked once per entry, and told whether the
 * entry removes the client. Returns the update itself when nothing was dropped, null when nothing is
 * left. States are carried as bytes (views into the update), never decoded.
 */
export function ownAwarenessEntries(update: Uint8Array, mayOwn: (clientId: number, removal: boolean) => boolean): Uint8Array | null {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  const kept: { clientId: number; clock: number; state: Uint8Array }[] = [];
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    const state = decoding.readVarUint8Array(decoder);
    if (mayOwn(clientId, isRemoval(state))) kept.push({ clientId, clock, state });
  }
  if (kept.length === count) return update;
  if (kept.length === 0) return null;
  return encoding.encode((e) => {
    encoding.writeVarUint(e, kept.length);
    for (const entry of kept) {
      encoding.writeVarUint(e, entry.clientId);
      encoding.writeVarUint(e, entry.clock);
      encoding.writeVarUint8Array(e, entry.state);
    }
  });
}
