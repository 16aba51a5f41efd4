import { randomBytes } from 'node:crypto';
import { createMemoryStore } from '@tandem/persistence';
import { Redis } from 'ioredis';
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { createLogger } from '../logger.js';
import { Room } from '../sync/room.js';
import { encodeClusterMessage } from './clusterMessage.js';
import { createClusterMetrics } from './clusterMetrics.js';
import { ClusterNode } from './clusterNode.js';

const redisUrl = process.env.TANDEM_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

async function redisAnswers(): Promise<boolean> {
  const probe = new Redis(redisUrl, { lazyConnect: true, connectTimeout: 1000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  probe.on('error', () => {});
  try {
    await probe.connect();
    await probe.ping();
    return true;
  } catch (error) {
    if (process.env.TANDEM_REQUIRE_SYSTEM === '1') throw new Error(`Redis is required (TANDEM_REQUIRE_SYSTEM=1) at ${redisUrl}: ${error}`);
    console.warn(`\n⚠️  SKIPPING the cluster node tests: no Redis at ${redisUrl}. Set TANDEM_REQUIRE_SYSTEM=1 to make this a failure.\n`);
    return false;
  } finally {
    probe.disconnect();
  }
}

const hasRedis = await redisAnswers();
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe.skipIf(!hasRedis)('ClusterNode', () => {
  it("reads back a batch whose message was lost once another node's heartbeat names a later number", async () => {
    const prefix = `tandem-unit-${randomBytes(4).toString('hex')}`;
    const store = createMemoryStore();
    const logger = createLogger('silent');
    const registry = new Registry();
    const node = new ClusterNode({
      nodeId: 'here',
      redisUrl,
      prefix,
      store,
      logger,
      metrics: createClusterMetrics(registry, () => 0),
      sweepMs: 3_600_000,
      onRemoteStored: () => {},
      onRemoteDeleted: () => {},
      onRemoteActivity: () => {},
      localActivity: () => [],
    });
    cleanups.push(() => node.close());
    await node.start();
    await node.attach('doc');
    const hooks = { onStored: () => {}, onConnectionsChanged: () => {}, onWritesSettled: () => {}, onFailed: () => {} };
    const room = new Room({ name: 'doc', loaded: await store.loadUpdates('doc'), store, logger, hooks });
    node.loaded(room);
    cleanups.push(() => room.destroy());

    // Another node commits a batch, and its message never arrives (it died before publishing, say).
    const other = new Y.Doc();
    other.getText('t').insert(0, 'committed, never published');
    const { seq } = await store.append('doc', [Y.encodeStateAsUpdate(other)]);
    const publisher = new Redis(redisUrl);
    cleanups.push(() => publisher.disconnect());
    await publisher.publish(
      `${prefix}:cluster`,
      Buffer.from(encodeClusterMessage({ type: 'heartbeat', node: 'there', activity: [], stored: [{ name: 'doc', seq }] })),
    );
    await vi.waitFor(() => expect(room.doc.getText('t').toString()).toBe('committed, never published'));
    const metrics = await registry.getSingleMetricAsString('tandem_cluster_catchups_total');
    expect(metrics).toContain('reason="heartbeat"} 1');
  });

  it('tells the other nodes when this one changed the revocations', async () => {
    const prefix = `tandem-unit-${randomBytes(4).toString('hex')}`;
    const store = createMemoryStore();
    const logger = createLogger('silent');
    const heard: string[] = [];
    const nodeOf = (nodeId: string) => {
      const node = new ClusterNode({
        nodeId,
        redisUrl,
        prefix,
        store,
        logger,
        metrics: createClusterMetrics(new Registry(), () => 0),
        sweepMs: 3_600_000,
        onRemoteStored: () => {},
        onRemoteDeleted: () => {},
        onAccessChanged: () => heard.push(nodeId),
        onRemoteActivity: () => {},
        localActivity: () => [],
      });
      cleanups.push(() => node.close());
      return node;
    };
    const [here, there] = [nodeOf('here'), nodeOf('there')];
    await Promise.all([here.start(), there.start()]);
    // Each node reads the revocations once its subscriptions are up (a change may have been made meanwhile).
    await vi.waitFor(() => expect(heard.sort()).toEqual(['here', 'there']));
    heard.length = 0;
    await vi.waitFor(() => {
      here.accessChanged();
      expect(heard).toContain('there');
    });
    expect(encodeClusterMessage({ type: 'access-changed', node: 'x' })).toEqual(Uint8Array.of(6, 1, 120));
  });
});
