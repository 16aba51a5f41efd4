import { encodeSyncStep2, encodeSyncUpdate } from '@tandem/protocol';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { connectClient, connectRaw, containsAll, loadStoredDoc, spawnServerProcess, waitFor } from '../src/helpers/index.js';

describe('durability across server processes', () => {
  it('restarting the server keeps the content', async () => {
    const first = await spawnServerProcess();
    const writer = connectClient(first.wsUrl, 'restart');
    await writer.synced();
    writer.doc.getText('text').insert(0, 'survives a restart');
    const observer = connectClient(first.wsUrl, 'restart');
    await waitFor(() => observer.doc.getText('text').toString() === 'survives a restart');
    writer.destroy();
    observer.destroy();
    first.kill('SIGTERM');
    expect((await first.waitForExit()).code).toBe(0);

    const second = await spawnServerProcess({ dataDir: first.dataDir });
    const reader = connectClient(second.wsUrl, 'restart');
    await reader.synced();
    expect(reader.doc.getText('text').toString()).toBe('survives a restart');
  });

  it('SIGKILL mid-typing: relayed implies stored, every update another client received is recovered', async () => {
    const server = await spawnServerProcess();
    const writer = connectClient(server.wsUrl, 'kill-9');
    const observer = connectClient(server.wsUrl, 'kill-9');
    await Promise.all([writer.synced(), observer.synced()]);

    // Type one character per event-loop turn until the server dies.
    const ytext = writer.doc.getText('text');
    let typing = true;
    const typist = (async () => {
      for (let i = 0; typing; i++) {
        ytext.insert(ytext.length, String.fromCharCode(97 + (i % 26)));
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    await waitFor(() => observer.doc.getText('text').length >= 300, { message: 'observer to receive 300 chars' });
    server.kill('SIGKILL');
    const exit = await server.waitForExit();
    typing = false;
    await typist;
    expect(exit.signal).toBe('SIGKILL');

    // Freeze what the observer had received from the server when it died.
    const seen = new Y.Doc();
    Y.applyUpdate(seen, Y.encodeStateAsUpdate(observer.doc));
    writer.destroy();
    observer.destroy();
    expect(seen.getText('text').length).toBeGreaterThanOrEqual(300);
    // The writer typed more than was relayed (some was in flight when the process died).
    expect(ytext.length).toBeGreaterThan(0);

    // Restart the CLI on the same data dir (it replays what the killed process left behind): a
    // fresh client, whose only source is the new server, gets everything the observer had received.
    const restarted = await spawnServerProcess({ dataDir: server.dataDir });
    const fresh = connectClient(restarted.wsUrl, 'kill-9');
    await fresh.synced();
    expect(containsAll(fresh.doc, seen)).toBe(true);
    expect(fresh.doc.getText('text').toString().startsWith(seen.getText('text').toString())).toBe(true);
    fresh.destroy();
    restarted.kill('SIGTERM');
    expect((await restarted.waitForExit()).code).toBe(0);

    // The store on disk holds it too (and the restarted server did not lose it again on its way out).
    const recovered = await loadStoredDoc(server.dataDir, 'kill-9');
    expect(recovered).not.toBeNull();
    // Relayed implies stored: nothing the observer received is missing from the recovered doc.
    expect(containsAll(recovered?.doc as Y.Doc, seen)).toBe(true);
    expect(recovered?.doc.getText('text').toString().startsWith(seen.getText('text').toString())).toBe(true);
  });

  it('an acknowledged update survives SIGKILL', async () => {
    const server = await spawnServerProcess();
    const raw = await connectRaw(server.wsUrl, 'acked', { params: { ack: '1' } });
    const local = new Y.Doc();
    const updates: Uint8Array[] = [];
    local.on('update', (update: Uint8Array) => updates.push(update));
    const ytext = local.getText('text');
    raw.send(encodeSyncStep2(Y.encodeStateAsUpdate(local)));
    for (let i = 0; i < 200; i++) {
      ytext.insert(i, 'x');
      raw.send(encodeSyncUpdate(updates[updates.length - 1] as Uint8Array));
    }
    // 1 step 2 + 200 updates, each counted once it is durable.
    await raw.waitForMessage('ack', (ack) => ack.count === 201);
    server.kill('SIGKILL');
    expect((await server.waitForExit()).signal).toBe('SIGKILL');
    raw.close();

    // A restarted CLI on the same data dir serves every acknowledged update to a fresh client.
    const restarted = await spawnServerProcess({ dataDir: server.dataDir });
    const fresh = connectClient(restarted.wsUrl, 'acked');
    await fresh.synced();
    expect(fresh.doc.getText('text').toString()).toBe('x'.repeat(200));
    expect(containsAll(fresh.doc, local)).toBe(true);
    fresh.destroy();
    restarted.kill('SIGTERM');
    expect((await restarted.waitForExit()).code).toBe(0);

    const recovered = await loadStoredDoc(server.dataDir, 'acked');
    expect(recovered?.doc.getText('text').toString()).toBe('x'.repeat(200));
    expect(containsAll(recovered?.doc as Y.Doc, local)).toBe(true);
  });
});
