import { describe, expect, it } from 'vitest';
import {
  type Client,
  connectClient,
  fileDatabase,
  postgresAvailable,
  recordingClient,
  redisUrl,
  type ServerProcess,
  startProcessCluster,
  storedCovers,
  systemService,
  waitFor,
} from '../src/helpers/index.js';

// Real processes: three CLI nodes on one PostgreSQL schema and one Redis prefix.
const hasServices = (await postgresAvailable('cluster process tests')) && (await systemService('Redis', 6379, 'cluster process tests'));

const database = fileDatabase(hasServices);

const users = (client: Client) =>
  [...client.provider.awareness.getStates().values()]
    .map((state) => (state as { user?: string }).user)
    .filter((user) => user !== undefined);

describe.skipIf(!hasServices)('a node killed with SIGKILL in the middle of a burst', () => {
  it('loses nothing any client received; its clients move to other nodes and everyone converges; its presence is gone within 5 s', {
    timeout: 60_000,
  }, async () => {
    const cluster = await startProcessCluster(3, { databaseUrl: database().url, redisUrl });
    const [victim, second, third] = cluster.nodes as [ServerProcess, ServerProcess, ServerProcess];
    const writers = [victim, victim, second, second, third, third].map((node) => recordingClient(node.wsUrl, 'burst'));
    const ghost = connectClient(victim.wsUrl, 'burst', { awareness: { user: 'ghost' } });
    const observer = connectClient(third.wsUrl, 'burst', { awareness: { user: 'observer' } });
    await Promise.all([...writers.map((writer) => writer.client.synced()), ghost.synced(), observer.synced()]);
    await waitFor(() => users(observer).includes('ghost'), { message: "the ghost's presence crossed nodes" });

    let typing = true;
    const typed: string[] = [];
    const loops = writers.map(async (writer, i) => {
      for (let n = 0; typing; n++) {
        const word = `[${i}.${n}]`;
        typed.push(word);
        const text = writer.client.doc.getText('t');
        text.insert(text.length, word);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    victim.kill('SIGKILL');
    const killedAt = Date.now();
    // The load balancer's part: the victim's clients reconnect to another node, with their docs as they are.
    for (const writer of writers.slice(0, 2)) {
      writer.client.provider.destroy();
      writer.client = recordingClient(second.wsUrl, 'burst', { doc: writer.doc, received: writer.received }).client;
    }
    ghost.provider.disconnect();
    ghost.provider.shouldConnect = false;
    await waitFor(() => !users(observer).includes('ghost'), { timeout: 5000, message: "the dead node's presence gone within 5 s" });
    expect(Date.now() - killedAt).toBeLessThan(5000);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    typing = false;
    await Promise.all(loops);

    const expectedLength = typed.join('').length;
    await waitFor(() => writers.every((writer) => writer.client.doc.getText('t').length === expectedLength), {
      timeout: 20_000,
      message: 'every typed word on every client',
    });
    const text = (writers[0] as (typeof writers)[number]).client.doc.getText('t').toString();
    for (const writer of writers) expect(writer.client.doc.getText('t').toString()).toBe(text);
    const stored = await cluster.stored('burst');
    expect(stored.getText('t').toString()).toBe(text);
    for (const writer of writers) expect(storedCovers(stored, writer.received)).toBe(true);
  });
});
