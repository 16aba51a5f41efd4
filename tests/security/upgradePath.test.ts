import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { startServer } from '../src/helpers/index.js';

/** Sends a WebSocket upgrade with `path` exactly as given (WebSocket clients normalise it first) and returns the status and body. */
function rawUpgrade(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({
      host: '127.0.0.1',
      port,
      path,
      agent: false,
      headers: {
        Connection: 'Upgrade',
        Upgrade: 'websocket',
        'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
        'Sec-WebSocket-Version': '13',
      },
    });
    req.on('upgrade', (_res, socket) => {
      socket.destroy();
      resolve({ status: 101, body: '' });
    });
    req.on('response', (res) => {
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

describe('the doc name at the upgrade is the raw path, never normalised', () => {
  it('dot segments get 400 and load nothing, as the README says; an ordinary path opens', async () => {
    const { port, server, store } = await startServer();
    for (const path of ['/a/../b', '/a/./b', '/a/%2e%2e/b', '/../b', '/a/%2E%2E/b?ack=1']) {
      const answer = await rawUpgrade(port, path);
      expect({ path, status: answer.status }).toEqual({ path, status: 400 });
      expect(answer.body).toMatch(/invalid document name/);
    }
    expect(server.stats().rooms).toBe(0);
    expect(await store.getMeta('b')).toBeNull();
    expect((await rawUpgrade(port, '/a/b')).status).toBe(101);
  });
});
