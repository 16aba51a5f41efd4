import { createMemoryStore } from '@tandem/persistence';
import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { createLogger } from '../logger.js';
import { Room, type RoomPeer } from '../sync/room.js';
import type { CatchUpReason } from './clusterMetrics.js';
import { ReplicaDoc } from './replicaDoc.js';

const hooks = { onStored: () => {}, onConnectionsChanged: () => {}, onWritesSettled: () => {}, onFailed: () => {} };

/** Another node's writer: appends to the shared store what it types, and returns each batch as stored. */
function otherNode(store: ReturnType<typeof createMemoryStore>) {
  const doc = new Y.Doc();
  return async (text: string) => {
    const before = Y.encodeStateVector(doc);
    doc.getText('t').insert(doc.getText('t').length, text);
    const update = Y.encodeStateAsUpdate(doc, before);
    const stored = await store.append('shared', [update]);
    return { ...stored, updates: [update] };
  };
}

async function replicaOf(store: ReturnType<typeof createMemoryStore>, catchUps: CatchUpReason[] = []) {
  const room = new Room({ name: 'shared', loaded: await store.loadUpdates('shared'), store, logger: createLogger('silent'), hooks });
  const received: Uint8Array[] = [];
  const peer: RoomPeer = {
    id: 'p',
    author: null,
    awarenessClients: new Set(),
    send: (m) => received.push(m),
    close: () => {},
    rejectUpdate: () => {},
  };
  room.join(peer);
  const replica = new ReplicaDoc({
    room,
    store,
    logger: createLogger('silent'),
    gapWaitMs: 20,
    onCatchUp: (reason) => catchUps.push(reason),
  });
  return { room, replica, received };
}

describe('ReplicaDoc', () => {
  it('applies batches in any order; a gap left open past the wait is read back from the store', async () => {
    const store = createMemoryStore();
    const write = otherNode(store);
    await write('a');
    const catchUps: CatchUpReason[] = [];
    const { room, replica } = await replicaOf(store, catchUps);
    const b = await write('b'); // never delivered: its message was lost
    const c = await write('c');
    expect(replica.received(c.firstSeq, c.seq, c.updates)).toBe(true);
    // 'c' depends on 'b': Yjs holds it pending until the catch-up brings 'b'.
    expect(room.doc.getText('t').toString()).toBe('a');
    await vi.waitFor(() => expect(room.doc.getText('t').toString()).toBe('abc'));
    expect(catchUps).toEqual(['gap']);
    // A late copy of 'b' is a duplicate now.
    expect(replica.received(b.firstSeq, b.seq, b.updates)).toBe(false);
    replica.close();
    room.destroy();
  });

  it('skips what it already holds, and relays to its connections only what is new', async () => {
    const store = createMemoryStore();
    const write = otherNode(store);
    const { room, replica, received } = await replicaOf(store);
    const a = await write('a');
    expect(replica.received(a.firstSeq, a.seq, a.updates)).toBe(true);
    const relayed = received.length;
    expect(replica.received(a.firstSeq, a.seq, a.updates)).toBe(false);
    expect(received.length).toBe(relayed);
    expect(await replica.behindStore()).toBe(false);
    await write('b');
    expect(await replica.behindStore()).toBe(true);
    await replica.catchUp('sweep');
    expect(room.doc.getText('t').toString()).toBe('ab');
    expect(await replica.behindStore()).toBe(false);
    replica.close();
    room.destroy();
  });
});
