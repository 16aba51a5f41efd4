import { randomBytes } from 'node:crypto';
import { createMemoryStorage, createMemoryStore, type MemoryStorage } from '@tandem/persistence';
import { signToken } from '@tandem/sync-server';
import { describe, expect, it } from 'vitest';
import { apiClient, field, makeApiKey } from '../documents-api/apiClient.js';
import {
  connectClient,
  openEventStream,
  redisUrl,
  type StartedServer,
  startServer,
  systemService,
  tryUpgrade,
  waitFor,
} from '../src/helpers/index.js';
import { watchAccess } from '../src/helpers/watchAccess.js';

// Nodes in this process on one shared in-memory store, talking through the machine's Redis.
const hasRedis = await systemService('Redis', 6379, 'the cluster revocation tests');

const SECRET = 'cluster-access-test-secret-long-enough!';
const admin = makeApiKey('admin', ['admin']);

function startNode(storage: MemoryStorage, prefix: string, index: number): Promise<StartedServer> {
  return startServer({
    store: createMemoryStore({ storage }),
    config: { redisUrl, redisPrefix: prefix, nodeId: `node-${index}`, authSecret: SECRET, apiKeys: [admin.entry] as never },
    clusterTiming: { heartbeatMs: 200, nodeTimeoutMs: 800 },
  });
}

describe.skipIf(!hasRedis)('revocations across the nodes of a cluster', () => {
  it('a revocation made through one node reaches the open connections of another within 1 s, and a node started later', async () => {
    const storage = createMemoryStorage();
    const prefix = `tandem-test-${randomBytes(4).toString('hex')}`;
    const nodes = [await startNode(storage, prefix, 0), await startNode(storage, prefix, 1)] as const;
    const tokenOf = (sub: string) => signToken({ secret: SECRET, sub, docs: { 'team-*': 'write' }, expiresIn: '5m' });
    const ada = connectClient(nodes[1].wsUrl, 'team-plan', { params: { token: await tokenOf('ada') } });
    const bob = connectClient(nodes[1].wsUrl, 'team-plan', { params: { token: await tokenOf('bob') } });
    const carol = connectClient(nodes[0].wsUrl, 'team-plan', { params: { token: await tokenOf('carol') } });
    const [adaWatch, bobWatch, carolWatch] = [watchAccess(ada), watchAccess(bob), watchAccess(carol)];
    // Ada's home page, its event stream on node 1.
    const adaEvents = await openEventStream(`${nodes[1].httpUrl}/api/events?token=${await tokenOf('ada')}`);
    await Promise.all([ada.synced(), bob.synced(), carol.synced()]);
    const call = apiClient(nodes[0].httpUrl);

    let sentAt = performance.now();
    const downgrade = await call('POST', '/api/revocations', { auth: admin.key, body: { sub: 'ada', access: 'read' } });
    // Node 0 holds no connection of Ada's; node 1 learns of it through Redis.
    expect(field(downgrade, 'enforced')).toEqual({ closed: 0, madeReadOnly: 0 });
    await waitFor(() => adaWatch.readOnlyAt, { message: 'Ada, on node 1, is told she is read-only' });
    expect((adaWatch.readOnlyAt ?? Number.POSITIVE_INFINITY) - sentAt).toBeLessThan(1000);
    await waitFor(() => adaEvents.dataOf('access-changed').length === 1, { message: "Ada's event stream on node 1 is told" });

    sentAt = performance.now();
    await call('POST', '/api/revocations', { auth: admin.key, body: { sub: 'bob', access: 'none' } });
    const closed = await waitFor(() => bobWatch.closed, { message: 'Bob, on node 1, is closed' });
    expect(closed.code).toBe(4403);
    expect(closed.at - sentAt).toBeLessThan(1000);
    expect(carolWatch.closed).toBeNull();
    expect(adaWatch.closed).toBeNull();

    // A node that starts now reads the revocations from the store.
    const late = await startNode(storage, prefix, 2);
    expect((await tryUpgrade(late.wsUrl, 'team-plan', { params: { token: await tokenOf('bob') } })).status).toBe(403);
    expect((await tryUpgrade(nodes[1].wsUrl, 'team-plan', { params: { token: await tokenOf('bob') } })).status).toBe(403);

    // Lifted through yet another node: every node lets Bob in again.
    const listed = field<{ id: string; sub: string | null }[]>(await call('GET', '/api/revocations', { auth: admin.key }), 'revocations');
    const id = listed.find((entry) => entry.sub === 'bob')?.id ?? '';
    expect((await apiClient(late.httpUrl)('DELETE', `/api/revocations/${id}`, { auth: admin.key })).status).toBe(200);
    await waitFor(async () => (await tryUpgrade(nodes[1].wsUrl, 'team-plan', { params: { token: await tokenOf('bob') } })).status === 101, {
      message: 'node 1 lets Bob in again',
    });
  });
});
