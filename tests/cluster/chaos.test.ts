import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  recordingClient,
  seededRandom,
  fileDatabase,
  postgresAvailable,
  redisUrl,
  type ServerProcess,
  startProcessCluster,
  storedCovers,
  systemService,
  waitFor,
} from '../src/helpers/index.js';

// A seeded chaos run: random edits from clients spread over three nodes while random nodes are
// killed (SIGKILL) and started again. Set TANDEM_CHAOS_SEED to replay a failing run.
const hasServices = (await postgresAvailable('the cluster chaos test')) && (await systemService('Redis', 6379, 'the cluster chaos test'));
const seed = Number(process.env.TANDEM_CHAOS_SEED ?? Date.now() % 100_000);

const database = fileDatabase(hasServices);

describe.skipIf(!hasServices)(`cluster chaos (seed ${seed})`, () => {
  it('random node kills and restarts during random edits: byte-identical documents everywhere, nothing relayed lost', {
    timeout: 120_000,
  }, async () => {
    const next = seededRandom(seed);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
    const cluster = await startProcessCluster(3, { databaseUrl: database().url, redisUrl });
    const ports = (cluster.nodes as ServerProcess[]).map((node) => node.port);
    const alive = new Set([0, 1, 2]);
    const writers = Array.from({ length: 6 }, (_, i) => recordingClient(`ws://127.0.0.1:${ports[i % 3]}`, 'chaos'));
    await Promise.all(writers.map((writer) => writer.client.synced()));

    const events: string[] = [];
    for (let step = 0; step < 400; step++) {
      const writer = pick(writers);
      const text = writer.doc.getText('t');
      if (next() < 0.2 && text.length > 4) text.delete(Math.floor(next() * (text.length - 2)), 2);
      else text.insert(Math.floor(next() * (text.length + 1)), `${step}.`);
      if (step % 40 === 39) {
        const dead = [0, 1, 2].filter((i) => !alive.has(i));
        if (dead.length > 0 && (alive.size === 1 || next() < 0.5)) {
          const index = pick(dead);
          events.push(`step ${step}: start node-${index}`);
          await cluster.start(index, ports[index]);
          alive.add(index);
        } else {
          const index = pick([...alive]);
          events.push(`step ${step}: kill node-${index}`);
          (cluster.nodes[index] as ServerProcess).kill('SIGKILL');
          alive.delete(index);
        }
      }
      await new Promise((resolve) => setTimeout(resolve, next() * 10));
    }
    for (const index of [0, 1, 2].filter((i) => !alive.has(i))) {
      events.push(`end: start node-${index}`);
      await cluster.start(index, ports[index]);
    }

    const converged = () => {
      const first = Y.encodeStateVector((writers[0] as (typeof writers)[number]).doc);
      return writers.every((writer) => Buffer.from(Y.encodeStateVector(writer.doc)).equals(Buffer.from(first)));
    };
    await waitFor(converged, { timeout: 30_000, message: `every replica at the same state (${events.join('; ')})` });
    const bytes = (doc: Y.Doc) => Buffer.from(Y.encodeStateAsUpdate(doc)).toString('base64');
    for (const writer of writers) expect(bytes(writer.doc), events.join('; ')).toBe(bytes((writers[0] as (typeof writers)[number]).doc));
    const stored = await cluster.stored('chaos');
    const text = stored.getText('t').toString();
    for (const writer of writers) {
      expect(writer.doc.getText('t').toString(), events.join('; ')).toBe(text);
      expect(storedCovers(stored, writer.received), `relayed but not stored (${events.join('; ')})`).toBe(true);
    }
  });
});
