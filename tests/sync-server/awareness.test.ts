import * as awarenessProtocol from 'y-protocols/awareness';
import { encodeAwareness, encodeQueryAwareness } from '@tandem/protocol';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { connectClient, connectRaw, startServer, waitFor } from '../src/helpers/index.js';

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
