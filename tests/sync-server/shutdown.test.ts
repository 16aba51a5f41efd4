import * as awarenessProtocol from 'y-protocols/awareness';
import { encodeAwareness, encodeQueryAwareness, encodeSyncUpdate } from '@tandem/protocol';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { connectClient, connectRaw, loadStoredDoc, spawnServerProcess, waitFor } from '../src/helpers/index.js';

describe('graceful shutdown (SIGTERM)', () => {
  it('stores everything received, closes sockets with 1001 and exits 0', async () => {
    const server = await spawnServerProcess();
    const watcher = connectClient(server.wsUrl, 'graceful');
    await watcher.synced();
    const closeCodes: number[] = [];
    watcher.provider.on('connection-close', (event) => {
      if (event) closeCodes.push(event.code);
    });

    // A raw writer pushes 300 updates without waiting for any answer...
    const raw = await connectRaw(server.wsUrl, 'graceful');
    const local = new Y.Doc();
    const updates: Uint8Array[] = [];
    local.on('update', (update: Uint8Array) => updates.push(update));
    for (let i = 0; i < 300; i++) {
      local.getText('text').insert(i, 'g');
      raw.send(encodeSyncUpdate(updates[i] as Uint8Array));
    }
    // ...then an awareness state and a query: the answer proves every frame before it was handled
    // (frames of a connection are processed in order), though not necessarily stored yet.
    const awareness = new awarenessProtocol.Awareness(local);
    awareness.setLocalState({ user: 'writer' }); // clock 1: remote peers ignore the initial clock-0 state
    raw.send(encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(awareness, [local.clientID])));
    awareness.destroy();
    raw.send(encodeQueryAwareness());
    await raw.waitForMessage('awareness');
    server.kill('SIGTERM');

    const exit = await server.waitForExit();
    expect(exit).toEqual({ code: 0, signal: null });
    expect((await raw.waitForClose()).code).toBe(1001);
    await waitFor(() => closeCodes.includes(1001), { message: 'the provider saw 1001' });
    expect(server.logs.some((entry) => entry.msg === 'store closed, bye')).toBe(true);
    watcher.destroy();

    const stored = await loadStoredDoc(server.dataDir, 'graceful');
    expect(stored?.doc.getText('text').toString()).toBe('g'.repeat(300));
  });

  it('SIGINT works the same way', async () => {
    const server = await spawnServerProcess();
    const client = connectClient(server.wsUrl, 'interrupted');
    await client.synced();
    client.doc.getText('text').insert(0, 'kept');
    await waitFor(async () => (await fetch(`${server.httpUrl}/api/docs/interrupted`)).status === 200);
    server.kill('SIGINT');
    expect(await server.waitForExit()).toEqual({ code: 0, signal: null });
    client.destroy();
    expect((await loadStoredDoc(server.dataDir, 'interrupted'))?.doc.getText('text').toString()).toBe('kept');
  });
});
