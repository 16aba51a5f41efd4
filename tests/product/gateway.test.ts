import { createServer, type IncomingHttpHeaders, request } from 'node:http';
import { describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { startGateway } from '../../scripts/gateway.mjs';
import { connectClient, openEventStream, registerTeardown, startServer, tryUpgrade, waitFor } from '../src/helpers/index.js';

// The public port of `npm start` (scripts/gateway.mjs) in front of a real sync server and a stand-in
// for the Next app that reports what reached it.

interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
}

/** The stand-in app: answers every request with what it received; echoes on a WebSocket (as `next dev`'s HMR would need). */
async function startWebApp() {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ url: req.url }));
  });
  const sockets = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) =>
    sockets.handleUpgrade(req, socket, head, (ws) => ws.on('message', (data) => ws.send(`echo ${data}`))),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const close = () =>
    new Promise<void>((resolve) => {
      for (const client of sockets.clients) client.terminate();
      server.close(() => resolve());
      server.closeAllConnections();
    });
  registerTeardown(close);
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, seen, close };
}

/** One raw HTTP request, the path sent byte for byte (fetch would resolve dot segments first). */
function rawGet(port: number, path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function startStack(options: { trustedProxyHops?: number } = {}) {
  const sync = await startServer({ config: { allowedOrigins: ['http://tandem.test:3000'] } });
  const web = await startWebApp();
  const lines: string[] = [];
  const gateway = await startGateway({
    host: '127.0.0.1',
    port: 0,
    webTarget: web.url,
    syncTarget: sync.httpUrl,
    trustedProxyHops: options.trustedProxyHops ?? 0,
    log: (_level, line) => lines.push(line),
  });
  registerTeardown(() => gateway.close());
  const origin = `http://127.0.0.1:${gateway.port}`;
  return { sync, web, gateway, origin, lines };
}

describe('the public port (gateway): the app, and the sync server under /sync', () => {
  it('carries WebSockets, the API and its event stream to the sync server, everything else to the app, with forwarded headers', async () => {
    const { sync, web, gateway, origin } = await startStack();

    // Two stock providers at ws://<public port>/sync co-edit a document whose name has a "/" in it.
    const events = await openEventStream(`${origin}/sync/api/events`);
    const ada = connectClient(`ws://127.0.0.1:${gateway.port}/sync`, 'team/plan');
    const grace = connectClient(`ws://127.0.0.1:${gateway.port}/sync`, 'team/plan');
    await Promise.all([ada.synced(), grace.synced()]);
    ada.doc.getText('t').insert(0, 'through one port');
    await waitFor(() => grace.doc.getText('t').toString() === 'through one port', { message: 'the edit to reach Grace' });
    // The sync server stored it under its own name: the prefix is gone.
    const listed = (await (await fetch(`${origin}/sync/api/docs`)).json()) as { docs: { name: string }[] };
    expect(listed.docs.map((doc) => doc.name)).toContain('team/plan');
    // The event stream is passed on as it comes, not held until it ends.
    await waitFor(() => events.events.some((event) => event.data.includes('team/plan')), {
      message: 'an activity event through the gateway',
    });

    // The sync server's origin check sees the page's origin: another site's page is refused.
    const foreign = await tryUpgrade(`ws://127.0.0.1:${gateway.port}/sync`, 'team/plan', { headers: { Origin: 'http://evil.test' } });
    expect(foreign.status).toBe(403);
    const allowed = await tryUpgrade(`ws://127.0.0.1:${gateway.port}/sync`, 'team/plan', {
      headers: { Origin: 'http://tandem.test:3000' },
    });
    expect(allowed.status).toBe(101);

    // The app gets every other path as sent, the client's address and the public host; a client
    // cannot claim https or another host when no proxy in front is trusted.
    const page = await fetch(`${origin}/d/team%2Fplan?access=edit&sig=abc`, {
      headers: { 'X-Forwarded-Proto': 'https', 'X-Forwarded-Host': 'evil.test', 'X-Forwarded-For': '203.0.113.9' },
    });
    expect(await page.json()).toEqual({ url: '/d/team%2Fplan?access=edit&sig=abc' });
    const reached = web.seen.at(-1);
    expect(reached?.headers.host).toBe(`127.0.0.1:${gateway.port}`);
    expect(reached?.headers['x-forwarded-proto']).toBe('http');
    expect(reached?.headers['x-forwarded-host']).toBe(`127.0.0.1:${gateway.port}`);
    expect(reached?.headers['x-forwarded-for']).toBe('203.0.113.9, 127.0.0.1');
    expect(web.seen.some((request) => request.url.startsWith('/sync'))).toBe(false);
    // Upgrades outside /sync reach the app (next dev's hot reload).
    const hmr = new WebSocket(`ws://127.0.0.1:${gateway.port}/_next/hmr`);
    registerTeardown(() => hmr.terminate());
    await new Promise((resolve) => hmr.once('open', resolve));
    hmr.send('ping');
    expect(String(await new Promise((resolve) => hmr.once('message', resolve)))).toBe('echo ping');

    // The sync server's operational routes stay on its own port; dot segments are refused here,
    // before a server behind resolves them to another path.
    expect((await rawGet(gateway.port, '/sync/metrics')).status).toBe(404);
    expect((await rawGet(gateway.port, '/sync/readyz')).status).toBe(404);
    expect((await rawGet(gateway.port, '/sync/api/../../metrics')).status).toBe(400);
    expect((await rawGet(gateway.port, '/sync/api/%2E%2e/metrics')).status).toBe(400);
    expect((await rawGet(gateway.port, '/sync/api\\..\\..\\metrics')).status).toBe(400);
    const upgrade = {
      Connection: 'Upgrade',
      Upgrade: 'websocket',
      'Sec-WebSocket-Version': '13',
      'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
    };
    expect((await rawGet(gateway.port, '/sync/team/%2e%2e/other', upgrade)).status).toBe(400);
    expect((await fetch(`${sync.httpUrl}/metrics`)).status).toBe(200);
  });

  it('answers 502 while the app or the sync server is down, says so in the log, and carries on once they are back', async () => {
    const { sync, web, gateway, origin, lines } = await startStack();
    const grace = connectClient(`ws://127.0.0.1:${gateway.port}/sync`, 'notes');
    await grace.synced();

    await web.close();
    const down = await fetch(`${origin}/`);
    expect(down.status).toBe(502);
    expect(await down.text()).toMatch(/the editor app is not answering \(ECONNREFUSED\)/);

    await sync.stop();
    await waitFor(() => !grace.provider.wsconnected, { message: 'the open WebSocket to close with the sync server' });
    const api = await fetch(`${origin}/sync/api/docs`);
    expect(api.status).toBe(502);
    expect(await api.json()).toEqual({ error: 'the sync server is not answering (ECONNREFUSED); it may still be starting' });
    expect((await tryUpgrade(`ws://127.0.0.1:${gateway.port}/sync`, 'notes')).status).toBe(502);
    expect(lines).toContain('GET /: the editor app is not answering (ECONNREFUSED); it may still be starting');
    expect(lines).toContain('GET /sync/api/docs: the sync server is not answering (ECONNREFUSED); it may still be starting');

    // A sync server back on the same port is reached again, and Grace's provider reconnects to it.
    const back = await startServer({ dataDir: sync.dataDir, config: { port: sync.port } });
    await waitFor(() => grace.provider.synced && grace.provider.wsconnected, {
      timeout: 10_000,
      message: 'Grace reconnected through the gateway',
    });
    expect((await fetch(`${origin}/sync/api/docs`)).status).toBe(200);
    await back.stop();
  });
});
