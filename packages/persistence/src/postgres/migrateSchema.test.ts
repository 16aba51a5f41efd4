import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../test/ownPostgres.js';
import { createTestDatabase, freshSchema, postgresAvailable, queryDatabase } from '../../test/postgresTestDatabase.js';
import { createRecordingDoc } from '../contract/recordingDoc.js';
import type { DocumentStore } from '../documentStore.js';
import { createPostgresStore } from './createPostgresStore.js';
import { migrateSchema } from './migrateSchema.js';
import { type SchemaMigration, schemaMigrations } from './schemaMigrations.js';

/**
 * The schema at start: created and migrated once even when several processes start together,
 * each migration in its own transaction, a newer schema refused, deployments kept apart by schema.
 */
const database = (await postgresAvailable('the PostgreSQL migration tests')) ? await createTestDatabase() : null;
afterAll(() => database?.drop());
const url = (): string => (database as NonNullable<typeof database>).url;

async function withPools<T>(count: number, work: (pools: pg.Pool[]) => Promise<T>): Promise<T> {
  const pools = Array.from({ length: count }, () => new pg.Pool({ connectionString: url(), max: 2 }));
  try {
    return await work(pools);
  } finally {
    await Promise.all(pools.map((pool) => pool.end()));
  }
}

describe.skipIf(database === null)('schema migrations', () => {
  it('run once when several stores start at the same moment on a new schema', async () => {
    const schema = freshSchema();
    const stores = await Promise.all(
      Array.from({ length: 6 }, () => createPostgresStore({ connectionString: url(), schema, maxConnections: 2 })),
    );
    try {
      const rows = await queryDatabase(url(), `SELECT version FROM ${schema}.migrations ORDER BY version`);
      expect(rows.map((row) => row.version)).toEqual(schemaMigrations.map((migration) => migration.version));
      const source = createRecordingDoc();
      source.type('hi');
      await (stores[0] as DocumentStore).append('doc', source.takeUpdates());
      expect((await (stores[5] as DocumentStore).getMeta('doc'))?.totalUpdates).toBe(source.updates.length);
    } finally {
      await Promise.all(stores.map((store) => store.close()));
      await queryDatabase(url(), `DROP SCHEMA ${schema} CASCADE`);
    }
  });

  it('each migration runs exactly once under concurrency, in a transaction of its own, and a failed one leaves nothing', async () => {
    const schema = freshSchema();
    const counter = freshSchema();
    await queryDatabase(url(), `CREATE SCHEMA ${counter}; CREATE TABLE ${counter}.runs (version int)`);
    // Test migrations follow the real ones: k is the k-th after the newest.
    const base = Math.max(...schemaMigrations.map((migration) => migration.version));
    const counted = (k: number, extra = ''): SchemaMigration => ({
      version: base + k - 1,
      name: `counted ${k}`,
      sql: (s) => `INSERT INTO ${counter}.runs VALUES (${k}); CREATE TABLE ${s}.t${k} (x int); ${extra}`,
    });
    try {
      const applied = await withPools(5, (pools) =>
        Promise.all(pools.map((pool) => migrateSchema(pool, schema, [...schemaMigrations, counted(2), counted(3)]))),
      );
      expect(applied.flat().sort((a, b) => a - b)).toEqual([...schemaMigrations.map((migration) => migration.version), base + 1, base + 2]);
      const runs = await queryDatabase(url(), `SELECT version FROM ${counter}.runs ORDER BY version`);
      expect(runs.map((row) => row.version)).toEqual([2, 3]);

      // Version 4 fails half-way: its table and its run are rolled back, and the next start tries it again.
      const failing = counted(4, 'SELECT 1 / 0;');
      await expect(
        withPools(1, ([pool]) => migrateSchema(pool as pg.Pool, schema, [...schemaMigrations, counted(2), counted(3), failing])),
      ).rejects.toThrow(new RegExp(`migration ${base + 3} \\(counted 4\\) of schema ".*" failed: division by zero`));
      expect(await queryDatabase(url(), `SELECT to_regclass('${schema}.t4') AS t`)).toEqual([{ t: null }]);
      expect((await queryDatabase(url(), `SELECT max(version) AS v FROM ${schema}.migrations`))[0]?.v).toBe(base + 2);
      expect(
        await withPools(1, ([pool]) => migrateSchema(pool as pg.Pool, schema, [...schemaMigrations, counted(2), counted(3), counted(4)])),
      ).toEqual([base + 3]);
      expect((await queryDatabase(url(), `SELECT count(*)::int AS n FROM ${counter}.runs`))[0]?.n).toBe(3);
    } finally {
      await queryDatabase(url(), `DROP SCHEMA IF EXISTS ${schema} CASCADE; DROP SCHEMA ${counter} CASCADE`);
    }
  });

  it('refuses a schema a newer Tandem migrated, and a database it cannot reach, with a clear error', async () => {
    const schema = freshSchema();
    const store = await createPostgresStore({ connectionString: url(), schema });
    await store.close();
    await queryDatabase(url(), `INSERT INTO ${schema}.migrations (version, name) VALUES (999, 'from the future')`);
    await expect(createPostgresStore({ connectionString: url(), schema })).rejects.toThrow(
      /cannot open the PostgreSQL store \(schema ".*"\).*at version 999, newer than this Tandem knows/,
    );
    await queryDatabase(url(), `DROP SCHEMA ${schema} CASCADE`);
    const nobody = `postgres://postgres:secret-password@127.0.0.1:${await freePort()}/none`;
    const error = await createPostgresStore({ connectionString: nobody, connectTimeoutMs: 2000 }).catch((caught: unknown) => caught);
    expect(String(error)).toMatch(/cannot open the PostgreSQL store.*ECONNREFUSED/);
    expect(String(error)).not.toContain('secret-password');
  });

  it('keeps deployments on different schemas of one database apart', async () => {
    const [a, b] = [freshSchema(), freshSchema()];
    const [storeA, storeB] = await Promise.all([a, b].map((schema) => createPostgresStore({ connectionString: url(), schema })));
    try {
      const source = createRecordingDoc();
      source.type('only in a');
      await storeA?.append('same-name', source.takeUpdates(), { title: 'A' });
      expect(await storeB?.getMeta('same-name')).toBeNull();
      expect((await storeB?.list())?.docs).toEqual([]);
      expect((await storeA?.getMeta('same-name'))?.title).toBe('A');
    } finally {
      await Promise.all([storeA?.close(), storeB?.close()]);
      await queryDatabase(url(), `DROP SCHEMA ${a} CASCADE; DROP SCHEMA ${b} CASCADE`);
    }
  });
});
