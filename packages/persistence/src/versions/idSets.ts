import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';

/**
 * Sets of Yjs item ids as Yjs keeps deletions: per client, sorted runs of clocks (Yjs's own
 * DeleteSet). Encoded exactly like the delete set at the end of a v1 update (clients in
 * descending order, then each run as clock and length), so that a delta update can carry one.
 */
export type IdSet = ReturnType<typeof Y.createDeleteSet>;
export interface IdRun {
  clock: number;
  len: number;
}

export function emptyIdSet(): IdSet {
  return Y.createDeleteSet();
}

export function writeIdSet(encoder: encoding.Encoder, set: IdSet): void {
  const clients = [...set.clients.entries()].filter(([, runs]) => runs.length > 0).sort((a, b) => b[0] - a[0]);
  encoding.writeVarUint(encoder, clients.length);
  for (const [client, runs] of clients) {
    encoding.writeVarUint(encoder, client);
    encoding.writeVarUint(encoder, runs.length);
    for (const run of runs) {
      encoding.writeVarUint(encoder, run.clock);
      encoding.writeVarUint(encoder, run.len);
    }
  }
}

export function encodeIdSet(set: IdSet): Uint8Array {
  const encoder = encoding.createEncoder();
  writeIdSet(encoder, set);
  return encoding.toUint8Array(encoder);
}

export function readIdSet(decoder: decoding.Decoder): IdSet {
  const set = emptyIdSet();
  const clients = decoding.readVarUint(decoder);
  for (let i = 0; i < clients; i++) {
    const client = decoding.readVarUint(decoder);
    const count = decoding.readVarUint(decoder);
    const runs: IdRun[] = [];
    for (let j = 0; j < count; j++) runs.push({ clock: decoding.readVarUint(decoder), len: decoding.readVarUint(decoder) });
    set.clients.set(client, runs as never);
  }
  return set;
}

/** The ids of `a` that are not in `b` (both sorted and merged, as Yjs makes them). */
export function subtractIdSet(a: IdSet, b: IdSet): IdSet {
  const out = emptyIdSet();
  for (const [client, runs] of a.clients) {
    const old = (b.clients.get(client) ?? []) as IdRun[];
    const kept: IdRun[] = [];
    let j = 0;
    for (const run of runs as IdRun[]) {
      let start = run.clock;
      const end = run.clock + run.len;
      while (j < old.length && (old[j] as IdRun).clock + (old[j] as IdRun).len <= start) j++;
      for (let k = j; start < end; k++) {
        const other = old[k];
        if (other === undefined || other.clock >= end) {
          kept.push({ clock: start, len: end - start });
          break;
        }
        if (other.clock > start) kept.push({ clock: start, len: other.clock - start });
        start = Math.max(start, other.clock + other.len);
      }
    }
    if (kept.length > 0) out.clients.set(client, kept as never);
  }
  return out;
}

/** One set holding every id of `sets`, sorted and merged. */
export function unionIdSets(sets: readonly IdSet[]): IdSet {
  return Y.mergeDeleteSets([...sets]);
}

/** The ids an update inserts: per client, the run of clocks its structs cover. */
export function insertedIds(update: Uint8Array): IdSet {
  const { from, to } = Y.parseUpdateMeta(update);
  const set = emptyIdSet();
  for (const [client, start] of from) {
    const end = to.get(client) ?? start;
    if (end > start) set.clients.set(client, [{ clock: start, len: end - start }] as never);
  }
  return set;
}

/** The ids an update deletes (its delete set). */
export function deletedIds(update: Uint8Array): IdSet {
  return Y.decodeUpdate(update).ds;
}

export function containsId(set: IdSet, id: { client: number; clock: number }): boolean {
  return Y.isDeleted(set, id as Y.ID);
}

export function isEmptyIdSet(set: IdSet): boolean {
  for (const runs of set.clients.values()) if (runs.length > 0) return false;
  return true;
}
