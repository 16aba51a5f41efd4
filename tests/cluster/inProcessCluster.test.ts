import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createMemoryStorage, createMemoryStore } from '@tandem/persistence';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CloseCode, encodeSyncUpdate } from '@tandem/protocol';
import {
  type Client,
  connectClient,
  metricSample,
  openEventStream,
  redisUrl,
  scrapeMetrics,
  type StartedServer,
  startRedisProcess,
  startServer,
  systemService,
  systemTool,
  waitFor,
} from '../src/helpers/index.js';

// Three nodes in this process on one shared in-memory store, talking through the machine's Redis:
// the cluster's logic without process boundaries (the PostgreSQL tests cross them).
const hasRedis = await systemService('Redis', 6379, 'cluster tests');

async function startCluster(size: number): Promise<[StartedServer, StartedServer, ...StartedServer[]]> {
  const storage = createMemoryStorage();
  const prefix = `tandem-test-${randomBytes(4).toString('hex')}`;
  const nodes: StartedServer[] = [];
  for (let i = 0; i < size; i++) {
    nodes.push(
      await startServer({
        store: createMemoryStore({ storage }),
        config: { redisUrl, redisPrefix: prefix, nodeId: `node-${i}` },
        clusterTiming: { heartbeatMs: 200, nodeTimeoutMs: 800 },
      }),
    );
  }
  return nodes as [StartedServer, StartedServer, ...StartedServer[]];
}

const text = (doc: Y.Doc) => doc.getText('t').toString();

/** Keys matching `pattern` in the machine's Redis. */
function redisKeys(pattern: string): string[] {
  const probe = spawnSync('redis-cli', ['-u', redisUrl, '--scan', '--pattern', pattern], { encoding: 'utf8' });
  if (probe.status !== 0) throw new Error(`redis-cli failed: ${probe.stderr}`);
  return probe.stdout.split('\n').filter(Boolean);
}

describe.skipIf(!hasRedis)('cluster mode in one process (shared memory store, real Redis)', () => {
  it('clients on three nodes co-edit and converge; a late joiner on another node gets the whole document', async () => {
    const nodes = await startCluster(3);
    const clients = nodes.map((node) => connectClient(node.wsUrl, 'shared'));
    await Promise.all(clients.map((client) => client.synced()));
    for (let round = 0; round < 5; round++) {
      for (const [i, client] of clients.entries()) client.doc.getText('t').insert(0, `${i}.${round};`);
    }
    await waitFor(() => clients.every((client) => text(client.doc).length === 3 * 5 * 4), { message: 'all 15 edits everywhere' });
    const expected = text((clients[0] as (typeof clients)[number]).doc);
    for (const client of clients) expect(text(client.doc)).toBe(expected);

    const late = connectClient(nodes[1].wsUrl, 'shared');
    await late.synced();
    expect(text(late.doc)).toBe(expected);
  });

  it('the activity stream, the document list and its cursors work the same on any node; Redis holds one key', async () => {
    const nodes = await startCluster(2);
    const stream = await openEventStream(`${nodes[0].httpUrl}/api/events`);
    const people = [connectClient(nodes[1].wsUrl, 'elsewhere'), connectClient(nodes[1].wsUrl, 'elsewhere')];
    await Promise.all(people.map((person) => person.synced()));
    type Activity = { docs: { name: string; connections: number }[] };
    const seen = (count: number) =>
      stream
        .dataOf<Activity>('activity-change')
        .some((change) => change.docs.some((doc) => doc.name === 'elsewhere' && doc.connections === count));
    await waitFor(() => seen(2), { message: "node 0's stream shows the two people on node 1" });
    (people[0] as Client).doc.getText('t').insert(0, 'typed on node 1');
    await waitFor(() => stream.dataOf<{ name: string }>('doc').some((meta) => meta.name === 'elsewhere'), {
      message: "node 0's stream tells of a document stored through node 1",
    });
    const list = (await (await fetch(`${nodes[0].httpUrl}/api/docs`)).json()) as { docs: { name: string }[] };
    expect(list.docs.map((doc) => doc.name)).toContain('elsewhere');
    expect(metricSample(await scrapeMetrics(nodes[0].httpUrl), 'tandem_cluster_connections')).toBe(2);
    for (const person of people) person.destroy();
    await waitFor(() => seen(0), { message: 'and their leaving' });
    // A filtered listing's (sealed) cursor from one node pages on any other.
    people[0] = connectClient(nodes[1].wsUrl, 'elsewhere-too');
    (people[0] as Client).doc.getText('t').insert(0, 'a second document');
    await waitFor(async () => (await fetch(`${nodes[0].httpUrl}/api/docs/elsewhere-too`)).status === 200, { message: 'stored' });
    type Page = { docs: { name: string }[]; nextCursor: string | null };
    const first = (await (await fetch(`${nodes[0].httpUrl}/api/docs?updatedSince=0&limit=1`)).json()) as Page;
    expect(first.docs.map((doc) => doc.name)).toEqual(['elsewhere']);
    const next = await fetch(`${nodes[1].httpUrl}/api/docs?updatedSince=0&limit=1&cursor=${encodeURIComponent(first.nextCursor ?? '')}`);
    expect(next.status).toBe(200);
    expect(((await next.json()) as Page).docs.map((doc) => doc.name)).toEqual(['elsewhere-too']);
    // Pub/sub only: nothing in Redis grows with history; one key holds the cursors' shared secret.
    const cursorKey = `${nodes[0].server.config.redisPrefix}:cursor-key`;
    expect(redisKeys(`${nodes[0].server.config.redisPrefix}*`)).toEqual([cursorKey]);
    spawnSync('redis-cli', ['-u', redisUrl, 'DEL', cursorKey]);
  });

  it("a client of another node cannot take over a client's presence id; a client that moves to another node keeps its presence", async () => {
    const nodes = await startCluster(2);
    const victim = connectClient(nodes[0].wsUrl, 'claims', { awareness: { user: 'victim' } });
    const observer = connectClient(nodes[0].wsUrl, 'claims', { awareness: { user: 'observer' } });
    await Promise.all([victim.synced(), observer.synced()]);
    const victimId = victim.doc.clientID;
    const watcher = connectClient(nodes[1].wsUrl, 'claims', { awareness: { user: 'watcher' } });
    await watcher.synced();
    const userOf = (client: Client, id: number) => (client.provider.awareness.getStates().get(id) as { user?: string } | undefined)?.user;
    await waitFor(() => userOf(watcher, victimId) === 'victim', { message: "the other node's watcher sees the victim" });
    // The attacker, another person on the other node, announces the victim's id again and again (clocks past the victim's).
    const attackerDoc = new Y.Doc();
    attackerDoc.clientID = victimId;
    const attacker = connectClient(nodes[1].wsUrl, 'claims', { doc: attackerDoc, connect: false, localAddress: '127.0.0.2' });
    attacker.provider.connect();
    await attacker.synced();
    for (let i = 0; i < 5; i++) attacker.provider.awareness.setLocalState({ user: `attacker-${i}` });
    // A barrier: an edit sent after those announcements has reached both nodes' other clients.
    // (Made by another doc: an edit carrying the victim's client id would make the victim's Yjs pick a new one.)
    const barrier = new Y.Doc();
    barrier.getText('t').insert(0, 'after the announcements');
    attacker.provider.ws?.send(encodeSyncUpdate(Y.encodeStateAsUpdate(barrier)));
    await waitFor(() => text(watcher.doc) !== '' && text(observer.doc) !== '', { message: "the attacker's edit relayed" });
    expect(userOf(watcher, victimId)).toBe('victim');
    expect(userOf(observer, victimId)).toBe('victim');
    attacker.destroy();

    // The victim moves to the other node (as through a load balancer): once its old node let its id
    // go, its next renewal (a stock client renews every 15 s; here at once) is seen everywhere.
    victim.provider.destroy();
    await waitFor(() => userOf(watcher, victimId) === undefined, { message: 'the old node let the id go' });
    const moved = connectClient(nodes[1].wsUrl, 'claims', { doc: victim.doc, awareness: { user: 'victim' } });
    await moved.synced();
    moved.provider.awareness.setLocalState({ user: 'victim', moved: true });
    await waitFor(() => (observer.provider.awareness.getStates().get(victimId) as { moved?: boolean } | undefined)?.moved === true, {
      message: 'the moved client is seen again, from its new node',
    });
  });

  it("a document deleted through one node's API closes its connections on every node (4410), whose event streams say so", async () => {
    const nodes = await startCluster(2);
    const events = await openEventStream(`${nodes[1].httpUrl}/api/events`);
    const elsewhere = connectClient(nodes[1].wsUrl, 'doomed');
    await elsewhere.synced();
    elsewhere.doc.getText('t').insert(0, 'last words');
    await waitFor(async () => (await fetch(`${nodes[0].httpUrl}/api/docs/doomed`)).status === 200, { message: 'stored' });
    const codes: number[] = [];
    elsewhere.provider.on('connection-close', (event) => event && codes.push(event.code));
    expect((await fetch(`${nodes[0].httpUrl}/api/docs/doomed`, { method: 'DELETE' })).status).toBe(200);
    await waitFor(() => codes.includes(CloseCode.DocumentDeleted.code), { message: 'the connection on the other node closed with 4410' });
    expect(elsewhere.provider.shouldConnect).toBe(false);
    await waitFor(() => events.dataOf<{ name: string }>('doc-deleted').some((doc) => doc.name === 'doomed'), {
      message: "the other node's event stream tells of the deletion",
    });
    expect((await fetch(`${nodes[1].httpUrl}/api/docs/doomed`)).status).toBe(404);
  });

  it("presence crosses nodes, and a node that stops takes its clients' presence with it", async () => {
    const nodes = await startCluster(2);
    const alice = connectClient(nodes[0].wsUrl, 'presence', { awareness: { user: 'alice' } });
    const bob = connectClient(nodes[1].wsUrl, 'presence', { awareness: { user: 'bob' } });
    await Promise.all([alice.synced(), bob.synced()]);
    const users = (client: typeof alice) =>
      [...client.provider.awareness.getStates().values()]
        .map((state) => (state as { user?: string }).user)
        .filter(Boolean)
        .sort();
    await waitFor(() => users(alice).join() === 'alice,bob' && users(bob).join() === 'alice,bob', { message: 'both see both' });

    // Bob's node goes away without saying bye: its heartbeat stops.
    bob.provider.disconnect();
    bob.provider.shouldConnect = false;
    await nodes[1].stop();
    await waitFor(() => users(alice).join() === 'alice', { timeout: 5000, message: "bob's presence gone from alice's view" });
  });
});

const hasRedisServer = systemTool('redis-server', 'cluster tests that restart Redis');

describe.skipIf(!hasRedisServer)('cluster mode when Redis goes away (its own redis-server)', () => {
  it('Redis killed mid-editing and started again: no edit lost, both nodes catch up and converge', async () => {
    const redis = await startRedisProcess();
    const storage = createMemoryStorage();
    const nodes = await Promise.all(
      [0, 1].map((i) =>
        startServer({
          store: createMemoryStore({ storage }),
          config: { redisUrl: redis.url, nodeId: `node-${i}` },
          clusterTiming: { heartbeatMs: 200, nodeTimeoutMs: 800 },
        }),
      ),
    );
    const clients = nodes.map((node) => connectClient(node.wsUrl, 'outage'));
    await Promise.all(clients.map((client) => client.synced()));
    const typed: string[] = [];
    const type = (round: string) => {
      for (const [i, client] of clients.entries()) {
        const word = `${round}-${i};`;
        typed.push(word);
        client.doc.getText('t').insert(client.doc.getText('t').length, word);
      }
    };
    type('before');
    await waitFor(() => clients.every((client) => typed.every((word) => text(client.doc).includes(word))), { message: 'before: relayed' });

    await redis.kill();
    for (let round = 0; round < 5; round++) type(`during${round}`);
    // Each node still serves its own clients (and stores everything); the other node's edits wait.
    await redis.start();
    type('after');
    await waitFor(() => clients.every((client) => typed.every((word) => text(client.doc).includes(word))), {
      timeout: 20_000,
      message: 'every edit on every client after Redis is back',
    });
    const [first, second] = clients as [Client, Client];
    expect(text(first.doc)).toBe(text(second.doc));
    // The restarted Redis lost the cursor key: the nodes put theirs back (so a node started now agrees).
    await waitFor(() => spawnSync('redis-cli', ['-u', redis.url, 'GET', 'tandem:cursor-key'], { encoding: 'utf8' }).stdout.trim() !== '', {
      message: 'the cursor key back in Redis',
    });
    const [nodeA, nodeB] = nodes as [StartedServer, StartedServer];
    const other = connectClient(nodeB.wsUrl, 'outage-2');
    other.doc.getText('t').insert(0, 'a second document');
    await waitFor(async () => (await fetch(`${nodeA.httpUrl}/api/docs/outage-2`)).status === 200, { message: 'stored' });
    const page = (await (await fetch(`${nodeA.httpUrl}/api/docs?updatedSince=0&limit=1`)).json()) as { nextCursor: string | null };
    await waitFor(
      async () =>
        (await fetch(`${nodeB.httpUrl}/api/docs?updatedSince=0&limit=1&cursor=${encodeURIComponent(page.nextCursor ?? '')}`)).status ===
        200,
      { message: "a cursor from node 0 pages on node 1 after Redis's restart" },
    );
    // They got there by reading back from the store what Redis never carried.
    // (A heartbeat may have brought the edits first; the reconnect's own catch-up is counted when it ends.)
    for (const node of nodes) {
      await waitFor(
        async () => {
          const metrics = await scrapeMetrics(node.httpUrl);
          return (
            (metricSample(metrics, 'tandem_cluster_redis_disconnects_total', {}) ?? 0) >= 1 &&
            (metricSample(metrics, 'tandem_cluster_catchups_total', { reason: 'redis_reconnect' }) ?? 0) >= 1
          );
        },
        { message: 'the disconnect and the catch-up after it counted' },
      );
    }
  });
});
