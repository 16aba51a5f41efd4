import { randomBytes } from 'node:crypto';
import { createMemoryStorage, createMemoryStore, type DocVersion } from '@tandem/persistence';
import { signToken } from '@tandem/sync-server';
import { describe, expect, it } from 'vitest';
import { connectClient, redisUrl, startServer, systemService, waitFor } from '../src/helpers/index.js';

const SECRET = 'history-tests-secret-0123456789abcdefghijklmnop';
const hasRedis = await systemService('Redis', 6379, 'automatic versions in a cluster');

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function versionsOf(store: { listVersions: (name: string) => Promise<{ versions: DocVersion[] } | null> }, name: string) {
  return (await store.listVersions(name))?.versions ?? [];
}

describe('automatic versions', () => {
  it('are taken after a pause in editing, with the authors of the changes since the last one (from their tokens)', async () => {
    const { wsUrl, store } = await startServer({ config: { authSecret: SECRET, versionPauseMs: 300, versionMaxIntervalMs: 60_000 } });
    const ada = connectClient(wsUrl, 'paused', {
      params: { token: await signToken({ secret: SECRET, sub: 'ada', docs: { '*': 'write' }, expiresIn: '10m' }) },
    });
    const bob = connectClient(wsUrl, 'paused', {
      params: { token: await signToken({ secret: SECRET, sub: 'bob', docs: { '*': 'write' }, expiresIn: '10m' }) },
    });
    await Promise.all([ada.synced(), bob.synced()]);
    ada.doc.getText('t').insert(0, 'hello');
    bob.doc.getText('t').insert(0, '> ');
    await waitFor(async () => (await versionsOf(store, 'paused')).length === 1, { message: 'a version after the pause' });
    const [first] = await versionsOf(store, 'paused');
    expect(first).toMatchObject({ kind: 'auto', seq: (await store.getMeta('paused'))?.seq, createdBy: null });
    expect(new Set(first?.authors)).toEqual(new Set(['ada', 'bob']));
    // No change, no new version however long the pause.
    await sleep(700);
    expect(await versionsOf(store, 'paused')).toHaveLength(1);
    bob.doc.getText('t').insert(0, 'more ');
    await waitFor(async () => (await versionsOf(store, 'paused')).length === 2, { message: 'a second version after the next pause' });
    expect((await versionsOf(store, 'paused'))[0]?.authors).toEqual(['bob']);
  });

  it('are taken at least every versionMaxIntervalMs while editing goes on without a pause', async () => {
    const { wsUrl, store } = await startServer({ config: { versionPauseMs: 1000, versionMaxIntervalMs: 1000 } });
    const writer = connectClient(wsUrl, 'busy');
    await writer.synced();
    const started = Date.now();
    while (Date.now() - started < 3500) {
      writer.doc.getText('t').insert(0, 'x');
      await sleep(100);
    }
    // Never a 1 s pause, yet about one version a second (three, maybe two if the first came late).
    const during = await versionsOf(store, 'busy');
    expect(during.length).toBeGreaterThanOrEqual(2);
    expect(during.length).toBeLessThanOrEqual(4);
  });

  it.skipIf(!hasRedis)('are taken once per document in a cluster, not once per node', async () => {
    const storage = createMemoryStorage();
    const prefix = `tandem-test-${randomBytes(4).toString('hex')}`;
    const nodes = await Promise.all(
      [0, 1, 2].map((i) =>
        startServer({
          store: createMemoryStore({ storage }),
          config: { redisUrl, redisPrefix: prefix, nodeId: `node-${i}`, versionPauseMs: 600, versionMaxIntervalMs: 1500 },
          clusterTiming: { heartbeatMs: 100, nodeTimeoutMs: 800 },
        }),
      ),
    );
    const store = createMemoryStore({ storage });
    const clients = nodes.map((node) => connectClient(node.wsUrl, 'clustered'));
    await Promise.all(clients.map((client) => client.synced()));
    // Continuous editing through all three nodes for 4 s, then a pause.
    const started = Date.now();
    for (let i = 0; Date.now() - started < 4000; i++) {
      clients[i % 3]?.doc.getText('t').insert(0, String(i % 10));
      await sleep(50);
    }
    await waitFor(
      async () => {
        const versions = await versionsOf(store, 'clustered');
        return versions[0]?.seq === (await store.getMeta('clustered'))?.seq;
      },
      { message: 'a version of the final state after the pause' },
    );
    await sleep(800);
    const versions = await versionsOf(store, 'clustered');
    // About one per 1.5 s of editing plus the one after the pause: 3 or 4; one per node would be 9 or more.
    expect(versions.length).toBeGreaterThanOrEqual(2);
    expect(versions.length).toBeLessThanOrEqual(5);
    const times = versions.map((version) => version.createdAt).sort((a, b) => a - b);
    for (let i = 1; i < times.length - 1; i++) expect((times[i] as number) - (times[i - 1] as number)).toBeGreaterThanOrEqual(700);
  });
});
