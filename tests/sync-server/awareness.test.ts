import * as awarenessProtocol from 'y-protocols/awareness';
import { encodeAwareness, encodeQueryAwareness } from '@tandem/protocol';
import { signToken } from '@tandem/sync-server';
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { type Client, connectClient, connectRaw, type RawClient, startServer, waitFor } from '../src/helpers/index.js';

describe('awareness', () => {
  it('reaches the others and disappears within 1 s of a clean disconnect', async () => {
    const { wsUrl } = await startServer();
    const alice = connectClient(wsUrl, 'presence', { awareness: { user: { name: 'Alice' } } });
    const bob = connectClient(wsUrl, 'presence', { awareness: { user: { name: 'Bob' } } });
    await Promise.all([alice.synced(), bob.synced()]);
    const aliceId = alice.doc.clientID;
    await waitFor(() => bob.provider.awareness.getStates().get(aliceId)?.user?.name === 'Alice', {
      message: 'Bob sees Alice',
    });

    // Updates to the state are relayed too.
    alice.provider.awareness.setLocalStateField('cursor', 7);
    await waitFor(() => bob.provider.awareness.getStates().get(aliceId)?.cursor === 7);

    const closedAt = Date.now();
    alice.destroy();
    await waitFor(() => !bob.provider.awareness.getStates().has(aliceId), {
      timeout: 1000,
      message: "Alice's awareness removed within 1 s of her clean disconnect",
    });
    expect(Date.now() - closedAt).toBeLessThan(1000);
  });

  it('is removed by the server on a clean close even if the client sent no goodbye state', async () => {
    const { wsUrl } = await startServer();
    const observer = connectClient(wsUrl, 'no-goodbye');
    await observer.synced();
    const raw = await connectRaw(wsUrl, 'no-goodbye');
    const rawDoc = new Y.Doc();
    const rawAwareness = new awarenessProtocol.Awareness(rawDoc);
    rawAwareness.setLocalState({ user: { name: 'Raw' } });
    raw.send(encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(rawAwareness, [rawDoc.clientID])));
    rawAwareness.destroy();
    await waitFor(() => observer.provider.awareness.getStates().has(rawDoc.clientID), { message: 'raw peer visible' });

    const closedAt = Date.now();
    raw.close();
    await waitFor(() => !observer.provider.awareness.getStates().has(rawDoc.clientID), {
      timeout: 1000,
      message: 'awareness of the closed connection removed within 1 s',
    });
    expect(Date.now() - closedAt).toBeLessThan(1000);
  });

  it('is removed within 5 s when a socket goes silent (no pong), with the default heartbeat', async () => {
    const { wsUrl } = await startServer();
    const observer = connectClient(wsUrl, 'silent');
    await observer.synced();

    // A peer whose network dies: it never answers pings and sends nothing after its awareness.
    const ghost = await connectRaw(wsUrl, 'silent', { autoPong: false });
    const ghostDoc = new Y.Doc();
    const ghostAwareness = new awarenessProtocol.Awareness(ghostDoc);
    ghostAwareness.setLocalState({ user: { name: 'Ghost' } });
    ghost.send(encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(ghostAwareness, [ghostDoc.clientID])));
    ghostAwareness.destroy();
    await waitFor(() => observer.provider.awareness.getStates().has(ghostDoc.clientID), { message: 'ghost visible' });
    const lastSignOfLife = Date.now();

    await waitFor(() => !observer.provider.awareness.getStates().has(ghostDoc.clientID), {
      timeout: 5000,
      interval: 50,
      message: "the silent peer's awareness removed within 5 s",
    });
    expect(Date.now() - lastSignOfLife).toBeLessThan(5000);
    await ghost.waitForClose(1000);
  });

  it('answers a query with every known state, and never stores awareness', async () => {
    const { wsUrl, store } = await startServer();
    const carol = connectClient(wsUrl, 'query', { awareness: { user: { name: 'Carol' } } });
    await carol.synced();
    const raw = await connectRaw(wsUrl, 'query');
    await waitFor(() => raw.received.some((m) => m.kind === 'awareness'), { message: 'awareness on join' });
    raw.received.length = 0;
    raw.send(encodeQueryAwareness());
    const reply = await raw.waitForMessage('awareness');
    const probe = new awarenessProtocol.Awareness(new Y.Doc());
    awarenessProtocol.applyAwarenessUpdate(probe, reply.update, 'test');
    expect(probe.getStates().get(carol.doc.clientID)).toEqual({ user: { name: 'Carol' } });
    probe.destroy();

    expect(await store.getMeta('query')).toBeNull();
  });
});

const SECRET = 'awareness-ownership-test-secret-long-enough';

type Entry = [clientId: number, clock: number, state: unknown];

/** An awareness message with these entries, as a raw client would send it. */
function awarenessOf(entries: readonly Entry[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const [clientId, clock, state] of entries) {
    encoding.writeVarUint(encoder, clientId);
    encoding.writeVarUint(encoder, clock);
    encoding.writeVarString(encoder, JSON.stringify(state));
  }
  return encodeAwareness(encoding.toUint8Array(encoder));
}

const nameOf = (client: Client, clientId: number): string | undefined =>
  (client.provider.awareness.getStates().get(clientId) as { user?: { name?: string } } | undefined)?.user?.name;

/** Every name `client` ever saw under `clientId`, in order (undefined: the state was removed). */
function namesSeen(client: Client, clientId: number): (string | undefined)[] {
  const seen: (string | undefined)[] = [nameOf(client, clientId)];
  client.provider.awareness.on('change', () => seen.push(nameOf(client, clientId)));
  return seen;
}

/** A raw attacker announces `victimId` with a higher clock, then its own id; resolves once `observer` saw its own id (so the first frame was handled). */
async function announceAs(attacker: RawClient, observer: Client, victimId: number, ownId: number, name: string): Promise<void> {
  attacker.send(awarenessOf([[victimId, 1000, { user: { name: `${name} as the victim` } }]]));
  attacker.send(awarenessOf([[ownId, 1, { user: { name } }]]));
  await waitFor(() => nameOf(observer, ownId) === name, { message: `${name}'s own presence arrives (barrier)` });
}

describe('awareness client ids stay with their owner while it reconnects', () => {
  it('with auth: neither a viewer nor another writer can take a disconnected user’s id; the user reconnecting gets it back and keeps its own state', async () => {
    const { wsUrl } = await startServer({ config: { authSecret: SECRET } });
    const token = (sub: string, access: 'read' | 'write') =>
      signToken({ secret: SECRET, sub, docs: { 'team-*': access }, expiresIn: '5m' });
    const ada = connectClient(wsUrl, 'team-presence', {
      params: { token: await token('ada', 'write') },
      awareness: { user: { name: 'Ada' } },
    });
    const olga = connectClient(wsUrl, 'team-presence', {
      params: { token: await token('olga', 'read') },
      awareness: { user: { name: 'Olga' } },
    });
    await Promise.all([ada.synced(), olga.synced()]);
    const adaId = ada.doc.clientID;
    await waitFor(() => nameOf(olga, adaId) === 'Ada', { message: 'Olga sees Ada' });
    const seen = namesSeen(olga, adaId);

    // Ada's network drops: the server removes her presence; her id stays hers.
    ada.provider.disconnect();
    await waitFor(() => !olga.provider.awareness.getStates().has(adaId), { message: 'Ada gone from Olga’s view' });
    const viewer = await connectRaw(wsUrl, 'team-presence', { params: { token: await token('mallory', 'read') } });
    const writer = await connectRaw(wsUrl, 'team-presence', { params: { token: await token('eve', 'write') } });
    await announceAs(viewer, olga, adaId, 777_001, 'Mallory');
    await announceAs(writer, olga, adaId, 777_002, 'Eve');
    expect(olga.provider.awareness.getStates().has(adaId)).toBe(false);

    // Ada's stock client reconnects: her id and her own state come back, for her and for Olga.
    ada.provider.connect();
    await ada.synced();
    await waitFor(() => nameOf(olga, adaId) === 'Ada', { message: 'Olga sees Ada again' });
    await waitFor(() => nameOf(ada, 777_002) === 'Eve', { message: 'Ada received the room’s presence' });
    expect(ada.provider.awareness.getLocalState()).toEqual({ user: { name: 'Ada' } });
    // And the attackers cannot take it over while she is back either.
    await announceAs(viewer, olga, adaId, 777_004, 'Mallory again');
    expect(nameOf(olga, adaId)).toBe('Ada');
    expect(seen.filter((name) => name !== undefined && name !== 'Ada')).toEqual([]);
  });

  it('without auth: a client at another address cannot take a disconnected client’s id; the client reconnecting from its address gets it back', async () => {
    const { wsUrl } = await startServer();
    const ada = connectClient(wsUrl, 'open-presence', { localAddress: '127.0.0.1', awareness: { user: { name: 'Ada' } } });
    const olga = connectClient(wsUrl, 'open-presence', { localAddress: '127.0.0.3', awareness: { user: { name: 'Olga' } } });
    await Promise.all([ada.synced(), olga.synced()]);
    const adaId = ada.doc.clientID;
    await waitFor(() => nameOf(olga, adaId) === 'Ada', { message: 'Olga sees Ada' });
    const seen = namesSeen(olga, adaId);

    ada.provider.disconnect();
    await waitFor(() => !olga.provider.awareness.getStates().has(adaId), { message: 'Ada gone from Olga’s view' });
    const mallory = await connectRaw(wsUrl, 'open-presence', { localAddress: '127.0.0.2' });
    await announceAs(mallory, olga, adaId, 777_003, 'Mallory');
    expect(olga.provider.awareness.getStates().has(adaId)).toBe(false);

    ada.provider.connect();
    await ada.synced();
    await waitFor(() => nameOf(olga, adaId) === 'Ada', { message: 'Olga sees Ada again' });
    await waitFor(() => nameOf(ada, 777_003) === 'Mallory', { message: 'Ada received the room’s presence' });
    expect(ada.provider.awareness.getLocalState()).toEqual({ user: { name: 'Ada' } });
    expect(seen.filter((name) => name !== undefined && name !== 'Ada')).toEqual([]);
  });
});
