import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { Awareness } from 'y-protocols/awareness';

/** `JSON.stringify(null)` as UTF-8: the state of an entry that removes its client. */
const nullState = new Uint8Array([0x6e, 0x75, 0x6c, 0x6c]);

function isNullState(state: Uint8Array): boolean {
  return state.length === 4 && state.every((byte, i) => byte === nullState[i]);
}

/**
 * Gives a client that comes back the clock after the one it was removed with. When a connection
 * closes, its clients' states are removed at their last clock, and every peer keeps that clock;
 * a stock client reconnecting announces its state at that same clock, which y-protocols ignores
 * (only a newer clock replaces a state), so its presence would stay hidden until its next renewal
 * (up to 15 s later). Entries of an awareness update (already owned by the sender) that bring
 * back a removed client at a clock not past the known one get the next clock; others are kept
 * as they are. Returns `update` itself when no entry changed.
 */
export function restampReintroduced(awareness: Awareness, update: Uint8Array): Uint8Array {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  const entries: { clientId: number; clock: number; state: Uint8Array }[] = [];
  let changed = false;
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(decoder);
    let clock = decoding.readVarUint(decoder);
    const state = decoding.readVarUint8Array(decoder);
    const known = awareness.meta.get(clientId);
    if (known !== undefined && clock <= known.clock && !awareness.states.has(clientId) && !isNullState(state)) {
      clock = known.clock + 1;
      changed = true;
    }
    entries.push({ clientId, clock, state });
  }
  if (!changed) return update;
  return encoding.encode((e) => {
    encoding.writeVarUint(e, entries.length);
    for (const entry of entries) {
      encoding.writeVarUint(e, entry.clientId);
      encoding.writeVarUint(e, entry.clock);
      encoding.writeVarUint8Array(e, entry.state);
    }
  });
}
