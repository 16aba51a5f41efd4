import type { DocumentStore } from '@tandem/persistence';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { connectClient, overrideStore, startServer, waitFor } from '../src/helpers/index.js';

/** Opens a raw WebSocket to `path` and reports the HTTP status of a refused upgrade (or 101). */
function upgradeStatus(wsUrl: string, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${wsUrl}${path}`);
    socket.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => {
        body += chunk.toString();
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    socket.on('open', () => {
      socket.terminate();
      resolve({ status: 101, body: '' });
    });
    socket.on('error', (error) => {
      if (!/Unexpected server response/.test(error.message)) reject(error);
    });
  });
}

/** The real store, counting loads (the server's is `loadUpdates`). */
function countLoads(store: DocumentStore, loads: string[]): DocumentStore {
  return overrideStore(store, {
    load: (name) => {
      loads.push(name);
      return store.load(name);
    },
    loadUpdates: (name) => {
      loads.push(name);
      return store.loadUpdates(name);
    },
  });
}

describe('rooms', () => {
  it.each([
    ['/', 'empty'],
    ['/has%20space', 'space'],
    ['/a%2F..%2Fb', 'dot-dot segment'],
    ['/..', 'dot-dot'],
    ['/-starts-with-dash', 'leading dash'],
    ['/trailing%2F', 'trailing slash'],
    ['/ctrl%00char', 'NUL'],
    ['/bad%ZZescape', 'malformed escape'],
    [`/${'x'.repeat(201)}`, 'too long'],
  ])('refuses %s (%s) with HTTP 400 before loading anything', async (path) => {
    const loads: string[] = [];
    const { wsUrl, server } = await startServer({ wrapStore: (store) => countLoads(store, loads) });
    const { status, body } = await upgradeStatus(wsUrl, path);
    expect(status).toBe(400);
    expect(JSON.parse(body).error).toMatch(/document name/);
    expect(loads).toEqual([]);
    expect(server.stats()).toEqual({ rooms: 0, connections: 0 });
  });

  it('the doc name is the URL-decoded path; query parameters are ignored', async () => {
    const { wsUrl, store } = await startServer();
    const client = connectClient(wsUrl, encodeURIComponent('team:alpha/notes@v2'), { params: { foo: 'bar' } });
    await client.synced();
    client.doc.getText('text').insert(0, 'x');
    await waitFor(async () => (await store.getMeta('team:alpha/notes@v2')) !== null);
    expect((await upgradeStatus(wsUrl, '/team:alpha/notes@v2?x=1')).status).toBe(101);
  });

  it('loads a document once for concurrent connections, unloads it when idle, reloads it intact', async () => {
    const loads: string[] = [];
    const { wsUrl, server } = await startServer({ wrapStore: (store) => countLoads(store, loads) });
    const clients = Array.from({ length: 5 }, () => connectClient(wsUrl, 'shared'));
    await Promise.all(clients.map((client) => client.synced()));
    expect(loads).toEqual(['shared']);
    (clients[0] as (typeof clients)[0]).doc.getText('text').insert(0, 'kept while unloaded');
    await waitFor(() => clients.every((client) => client.doc.getText('text').length === 19));

    for (const client of clients) client.destroy();
    await waitFor(() => server.stats().rooms === 0 && server.stats().connections === 0, {
      message: 'idle room unloaded',
    });

    const again = connectClient(wsUrl, 'shared');
    await again.synced();
    expect(again.doc.getText('text').toString()).toBe('kept while unloaded');
    expect(loads).toEqual(['shared', 'shared']);
  });
});
