import { describe, expect, it } from 'vitest';
import {
  recordingClient,
  ownPostgresAvailable,
  redisUrl,
  type ServerProcess,
  startOwnPostgres,
  startProcessCluster,
  storedCovers,
  systemService,
  waitFor,
} from '../src/helpers/index.js';

// The cluster's PostgreSQL is the test's own (stopped and started again); Redis is the machine's.
const hasParts = ownPostgresAvailable('cluster tests that restart PostgreSQL') && (await systemService('Redis', 6379, 'cluster tests'));

async function readyStatus(node: ServerProcess): Promise<number> {
  return (await fetch(`${node.httpUrl}/readyz`)).status;
}

describe.skipIf(!hasParts)('PostgreSQL restarted in the middle of editing on a two-node cluster', () => {
  it('relays nothing it did not store, tells writers to retry (/readyz 503 meanwhile), and converges once it is back', {
    timeout: 90_000,
  }, async () => {
    const postgres = await startOwnPostgres();
    try {
      const cluster = await startProcessCluster(2, { databaseUrl: postgres.url, redisUrl });
      const [a, b] = cluster.nodes as [ServerProcess, ServerProcess];
      const writers = [a, b].map((node) => recordingClient(node.wsUrl, 'restart'));
      await Promise.all(writers.map((writer) => writer.client.synced()));
      const typed: string[] = [];
      const type = (label: string) => {
        for (const [i, writer] of writers.entries()) {
          const word = `${label}-${i};`;
          typed.push(word);
          writer.doc.getText('t').insert(writer.doc.getText('t').length, word);
        }
      };
      type('before');
      await waitFor(() => writers.every((writer) => writer.doc.getText('t').length === typed.join('').length), {
        message: 'before: relayed',
      });

      postgres.stop('immediate');
      for (let round = 0; round < 5; round++) type(`down${round}`);
      // Appends fail: the rooms close their connections with a 45xx code and the clients retry.
      await waitFor(async () => (await readyStatus(a)) === 503 && (await readyStatus(b)) === 503, {
        timeout: 10_000,
        message: '/readyz 503 on both nodes while PostgreSQL is down',
      });
      postgres.start();
      type('after');
      await waitFor(async () => (await readyStatus(a)) === 200 && (await readyStatus(b)) === 200, {
        timeout: 20_000,
        message: '/readyz 200 again by itself',
      });
      const length = typed.join('').length;
      await waitFor(() => writers.every((writer) => writer.doc.getText('t').length === length), {
        timeout: 30_000,
        message: 'every edit on both clients after PostgreSQL is back',
      });
      const stored = await cluster.stored('restart');
      expect(stored.getText('t').length).toBe(length);
      for (const writer of writers) {
        expect(writer.doc.getText('t').toString()).toBe(stored.getText('t').toString());
        expect(storedCovers(stored, writer.received)).toBe(true);
      }
      const closes = [a, b].flatMap((node) => node.logs.filter((line) => line.msg === 'connection closed').map((line) => line.code));
      expect(closes.some((code) => typeof code === 'number' && code >= 4500 && code < 4600)).toBe(true);
    } finally {
      postgres.destroy();
    }
  });
});
