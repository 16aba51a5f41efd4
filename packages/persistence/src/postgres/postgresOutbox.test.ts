import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createPostgresFixture, type PostgresFixture } from '../../test/postgresFixture.js';
import { createTestDatabase, postgresAvailable } from '../../test/postgresTestDatabase.js';
import { outboxInput } from '../contract/outboxContract.js';
import type { DocumentStore } from '../documentStore.js';

const database = (await postgresAvailable('the PostgreSQL outbox tests')) ? await createTestDatabase() : null;
afterAll(() => database?.drop());

let fixture: PostgresFixture | null = null;
afterEach(async () => {
  await fixture?.destroy();
  fixture = null;
});

/** Two stores with pools of their own on one schema: two processes, as far as PostgreSQL can tell. */
async function twoStores(): Promise<[DocumentStore, DocumentStore]> {
  fixture = await createPostgresFixture(database?.url ?? '');
  return [fixture.store, await fixture.openAnother()];
}

describe.skipIf(database === null)('PostgreSQL outbox across processes', () => {
  it('two processes adding to the same lanes and claiming at once: every entry delivered once, each lane in the order added', async () => {
    const stores = await twoStores();
    const lanes = 12;
    const perLane = 10;
    // Each lane gets its entries from both processes in turn, one after another.
    await Promise.all(
      Array.from({ length: lanes }, async (_, lane) => {
        for (let n = 0; n < perLane; n++) {
          const store = stores[n % 2] as DocumentStore;
          await store.outbox.add([outboxInput(lane * 100 + n, { lane: `lane-${lane}`, createdAt: 1000 })]);
        }
      }),
    );
    const delivered: { owner: string; id: number; lane: string; n: number }[] = [];
    let now = 2000;
    while (delivered.length < lanes * perLane) {
      now += 1;
      const claims = await Promise.all(
        stores.map((store, i) => store.outbox.claim({ owner: `node-${i}`, endpoints: ['hook'], now, leaseMs: 60_000, limit: 5 })),
      );
      const ids = claims.flat().map((entry) => entry.id);
      expect(new Set(ids).size, 'no entry handed to both').toBe(ids.length);
      expect(ids.length, `round at ${now} claimed something`).toBeGreaterThan(0);
      await Promise.all(
        claims.flatMap((entries, i) =>
          entries.map(async (entry) => {
            const settled = await stores[i]?.outbox.settle(entry.id, `node-${i}`, {
              ...{ at: now, durationMs: 1, statusCode: 200, error: null },
              next: { state: 'delivered' },
            });
            expect(settled).not.toBeNull();
            delivered.push({ owner: `node-${i}`, id: entry.id, lane: entry.lane, n: Number(entry.eventId.slice(1)) % 100 });
          }),
        ),
      );
    }
    expect(new Set(delivered.map((entry) => entry.id)).size).toBe(lanes * perLane);
    for (let lane = 0; lane < lanes; lane++) {
      const order = delivered.filter((entry) => entry.lane === `lane-${lane}`).map((entry) => entry.n);
      expect(order, `lane-${lane}`).toEqual(Array.from({ length: perLane }, (_, n) => n));
    }
    expect(new Set(delivered.map((entry) => entry.owner)).size).toBe(2);
  });

  it('two processes moving one cursor from the same value: exactly one of them adds its entry', async () => {
    const stores = await twoStores();
    await stores[0].outbox.add([], { cursor: { name: 'doc', set: 10 } });
    for (let round = 0; round < 20; round++) {
      const from = 10 + round * 2;
      const results = await Promise.all(
        stores.map((store, i) => store.outbox.add([outboxInput(round * 10 + i)], { cursor: { name: 'doc', expect: from, set: from + 2 } })),
      );
      expect(results.filter((result) => result.applied)).toHaveLength(1);
      expect(await stores[1].outbox.cursor('doc')).toBe(from + 2);
    }
    expect(await stores[0].outbox.entries({ endpoint: 'hook', limit: 100 })).toHaveLength(20);
  });
});
