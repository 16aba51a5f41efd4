import { createServer, type Server } from 'node:http';
import { connect, type Socket } from 'node:net';
import * as awarenessProtocol from 'y-protocols/awareness';
import { createLevelStore, type DocumentStore } from '@tandem/persistence';
import { encodeAwareness, encodeQueryAwareness, encodeSyncUpdate } from '@tandem/protocol';
import { createLogger, createSyncServer } from '@tandem/sync-server';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  connectClient,
  connectRaw,
  loadStoredDoc,
  makeTempDir,
  overrideStore,
  registerTeardown,
  spawnServerProcess,
  startServer,
  tryUpgrade,
  waitFor,
} from '../src/helpers/index.js';

/** Holds the appends of stores it wraps while `hold()` is in effect: a shutdown then waits for them too. */
function appendHold() {
  let release: () => void = () => {};
  let gate: Promise<void> | null = null;
  const hold = {
    /** Appends that arrived while held (they reach the real store once released). */
    waiting: 0,
    hold: () => {
      gate = new Promise<void>((resolve) => {
        release = resolve;
      });
    },
    release: () => {
      gate = null;
      release();
    },
    wrap: (store: DocumentStore): DocumentStore =>
      overrideStore(store, {
        append: async (name, updates, options) => {
          if (gate !== null) {
            hold.waiting++;
            await gate;
          }
          return store.append(name, updates, options);
        },
      }),
  };
  return hold;
}

/**
 * A TCP connection that has sent the first lines of a WebSocket upgrade for `docName` and waits,
 * once the server has read them, for `finish()`: the server accepted it, so it outlives the
 * listening socket (Node's `server.close()` drops idle connections only, not one mid-request).
 */
async function startUpgradeRequest(httpServer: Server, port: number, docName: string) {
  const accepted = new Promise<Socket>((resolve) => httpServer.once('connection', resolve));
  const socket = connect(port, '127.0.0.1');
  registerTeardown(() => socket.destroy());
  let response = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    response += chunk;
  });
  let ended = false;
  socket.once('close', () => {
    ended = true;
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  socket.write(`GET /${encodeURIComponent(docName)} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n`);
  const serverSide = await accepted;
  await waitFor(() => serverSide.bytesRead > 0, { message: 'the server read the start of the request' });
  return {
    /** Sends the rest of the upgrade request; resolves with the status and body once the server hung up (or switched protocols). */
    finish: async () => {
      socket.write(
        'Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
      );
      await waitFor(() => ended || response.startsWith('HTTP/1.1 101'), { message: 'the answer to the upgrade' });
      const [head = '', body = ''] = response.split('\r\n\r\n');
      return { status: Number(head.split(' ')[1]), body };
    },
  };
}

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

  it('once shutdown began, a new upgrade is refused (503 on a connection accepted before, none accepted after) while pending writes are still stored', async () => {
    const hold = appendHold();
    const started = await startServer({ wrapStore: hold.wrap });
    const { server, wsUrl, port } = started;
    const writer = connectClient(wsUrl, 'on-the-way-out');
    await writer.synced();
    const late = await startUpgradeRequest(server.httpServer, port, 'too-late');

    // An edit whose write cannot finish yet: the shutdown has to wait for it.
    hold.hold();
    writer.doc.getText('text').insert(0, 'stored on the way out');
    await waitFor(() => hold.waiting > 0, { message: 'the edit’s append is held' });
    let stopped = false;
    const stopping = started.stop().then(() => {
      stopped = true;
    }); // what the CLI does on SIGTERM: server.close(), then store.close()

    try {
      expect(await late.finish()).toEqual({ status: 503, body: JSON.stringify({ error: 'server shutting down' }) });
      // The listening socket is already closed: a brand-new connection does not get in at all.
      await expect(tryUpgrade(wsUrl, 'too-late')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
      expect(stopped).toBe(false);
      expect(server.stats()).toEqual({ rooms: 1, connections: 1 });
    } finally {
      hold.release();
    }
    await stopping;
    writer.destroy();
    expect((await loadStoredDoc(started.dataDir, 'on-the-way-out'))?.doc.getText('text').toString()).toBe('stored on the way out');
    expect(await loadStoredDoc(started.dataDir, 'too-late')).toBeNull();
  });

  it('embedded in a host server that keeps listening: new upgrades get 503 until the shutdown is done', async () => {
    const dataDir = await makeTempDir();
    const store = await createLevelStore({ dir: dataDir });
    registerTeardown(() => store.close().catch(() => {}));
    const hold = appendHold();
    const httpServer = createServer();
    const sync = createSyncServer({
      config: { host: '127.0.0.1', port: 0 },
      store: hold.wrap(store),
      httpServer,
      logger: createLogger('silent'),
    });
    await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
    registerTeardown(() => new Promise((resolve) => httpServer.close(resolve)));
    const wsUrl = `ws://127.0.0.1:${sync.port}`;
    const writer = connectClient(wsUrl, 'embedded-out');
    await writer.synced();

    hold.hold();
    writer.doc.getText('text').insert(0, 'kept');
    await waitFor(() => hold.waiting > 0, { message: 'the edit’s append is held' });
    let closed = false;
    const closing = sync.close().then(() => {
      closed = true;
    });
    try {
      const refused = await tryUpgrade(wsUrl, 'embedded-late');
      expect(refused.status).toBe(503);
      expect(JSON.parse(refused.body)).toEqual({ error: 'server shutting down' });
      expect(closed).toBe(false);
    } finally {
      hold.release();
    }
    await closing;
    writer.destroy();
    await store.close();
    expect((await loadStoredDoc(dataDir, 'embedded-out'))?.doc.getText('text').toString()).toBe('kept');
    expect(await loadStoredDoc(dataDir, 'embedded-late')).toBeNull();
  });
});
