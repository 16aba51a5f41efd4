import { describe, expect, it } from 'vitest';
import { startServer, tryUpgrade } from '../src/helpers/index.js';

const refusedOrigin = 'upgrade refused: origin not allowed (allowedOrigins)';

describe('allowed origins at the upgrade', () => {
  it('by default lets in pages served from this machine and refuses every other site with 403', async () => {
    const { wsUrl, logs } = await startServer({ config: { logLevel: 'warn' } });
    for (const origin of ['http://localhost:3000', 'http://127.0.0.1:8080', 'https://localhost']) {
      expect((await tryUpgrade(wsUrl, 'doc', { headers: { Origin: origin } })).status, origin).toBe(101);
    }
    for (const origin of ['https://evil.example', 'http://localhost.evil.example:3000', 'null', 'http://192.168.1.10:3000']) {
      const attempt = await tryUpgrade(wsUrl, 'doc', { headers: { Origin: origin } });
      expect(attempt.status, origin).toBe(403);
      expect(JSON.parse(attempt.body)).toEqual({ error: 'origin not allowed' });
    }
    // Non-browser clients send no Origin: allowed by default.
    expect((await tryUpgrade(wsUrl, 'doc')).status).toBe(101);
    // Each refusal (and only those) is logged at warn with the doc, the client address and the origin.
    expect(logs.filter((line) => line.msg === refusedOrigin)).toEqual(
      ['https://evil.example', 'http://localhost.evil.example:3000', 'null', 'http://192.168.1.10:3000'].map((origin) =>
        expect.objectContaining({ level: 40, doc: 'doc', ip: '127.0.0.1', origin }),
      ),
    );
  });

  it('follows allowedOrigins and allowMissingOrigin, and loads nothing for a refused origin', async () => {
    const { wsUrl, server, store, logs } = await startServer({
      config: { allowedOrigins: ['https://docs.example.com', 'https://*.tandem.example'], allowMissingOrigin: false, logLevel: 'warn' },
    });
    expect((await tryUpgrade(wsUrl, 'fresh', { headers: { Origin: 'http://localhost:3000' } })).status).toBe(403);
    expect((await tryUpgrade(wsUrl, 'fresh', { headers: { Origin: 'https://tandem.example' } })).status).toBe(403);
    const missing = await tryUpgrade(wsUrl, 'fresh');
    expect(missing.status).toBe(403);
    expect(JSON.parse(missing.body)).toEqual({ error: 'an Origin header is required' });
    expect(server.stats()).toEqual({ rooms: 0, connections: 0 });
    expect(await store.getMeta('fresh')).toBeNull();
    expect(logs.filter((line) => line.msg === refusedOrigin)).toEqual(
      ['http://localhost:3000', 'https://tandem.example', null].map((origin) =>
        expect.objectContaining({ level: 40, doc: 'fresh', ip: '127.0.0.1', origin }),
      ),
    );

    expect((await tryUpgrade(wsUrl, 'doc', { headers: { Origin: 'https://docs.example.com' } })).status).toBe(101);
    expect((await tryUpgrade(wsUrl, 'doc', { headers: { Origin: 'https://eu.tandem.example' } })).status).toBe(101);
  });
});
