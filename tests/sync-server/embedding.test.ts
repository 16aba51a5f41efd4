import { createServer } from 'node:http';
import { createLevelStore } from '@tandem/persistence';
import { createLogger, createSyncServer } from '@tandem/sync-server';
import { describe, expect, it } from 'vitest';
import { connectClient, makeTempDir, registerTeardown, waitFor } from '../src/helpers/index.js';

describe('embedding', () => {
  it('attaches to an existing http.Server that keeps its own routes', async () => {
    const store = await createLevelStore({ dir: await makeTempDir() });
    const httpServer = createServer((req, res) => {
      if (req.url === '/app') {
        res.end('the host app');
        return;
      }
      if (!sync.handleRequest(req, res)) {
        res.statusCode = 418;
        res.end('host fallback');
      }
    });
    const sync = createSyncServer({
      config: { host: '127.0.0.1', port: 0 },
      store,
      httpServer,
      logger: createLogger('silent'),
    });
    await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
    registerTeardown(async () => {
      await sync.close();
      await new Promise((resolve) => httpServer.close(resolve));
      await store.close();
    });
    const port = sync.port;
    expect(sync.address?.port).toBe(port);

    expect(await (await fetch(`http://127.0.0.1:${port}/app`)).text()).toBe('the host app');
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${port}/elsewhere`)).status).toBe(418);

    const a = connectClient(`ws://127.0.0.1:${port}`, 'embedded');
    const b = connectClient(`ws://127.0.0.1:${port}`, 'embedded');
    await Promise.all([a.synced(), b.synced()]);
    a.doc.getText('text').insert(0, 'through the host server');
    await waitFor(() => b.doc.getText('text').toString() === 'through the host server');
  });

  it('rejects an invalid config with an error naming the key', async () => {
    const store = await createLevelStore({ dir: await makeTempDir() });
    registerTeardown(() => store.close());
    expect(() => createSyncServer({ config: { heartbeatIntervalMs: -5 }, store })).toThrow(/"heartbeatIntervalMs"/);
    expect(() => createSyncServer({ config: { nope: 1 } as never, store })).toThrow(/unknown config key "nope"/);
  });
});
