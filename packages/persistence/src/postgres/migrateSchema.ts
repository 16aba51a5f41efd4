import pg from 'pg';
import { StoreError } from '../storeError.js';
import { type SchemaMigration, schemaMigrations } from './schemaMigrations.js';
import { inTransaction, withClient } from './withClient.js';

/**
 * Brings `schema` up to the newest migration this code knows, creating it if missing. Several
 * processes may start at once: they take turns under a session advisory lock keyed by the schema
 * name (released when the connection ends, should a process die while holding it), and each
 * migration runs once, in its own transaction with the row that records it, so a failed one leaves
 * nothing behind and is tried again at the next start. A schema migrated by a newer Tandem is
 * refused rather than written with older assumptions. Returns the versions it applied.
 */
export async function migrateSchema(
  pool: pg.Pool,
  schema: string,
  migrations: readonly SchemaMigration[] = schemaMigrations,
): Promise<number[]> {
  const s = pg.escapeIdentifier(schema);
  const lockKey = `tandem migrations ${schema}`;
  return withClient(pool, async (client) => {
    await client.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [lockKey]);
    try {
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${s}`);
      await client.query(`
        CREATE TABLE IF NOT EXISTS ${s}.migrations (
          version int PRIMARY KEY,
          name text NOT NULL,
          applied_at timestamptz NOT NULL DEFAULT now()
        )`);
      const { rows } = await client.query<{ version: number }>(`SELECT version FROM ${s}.migrations`);
      const done = new Set(rows.map((row) => row.version));
      const known = Math.max(0, ...migrations.map((migration) => migration.version));
      const newest = Math.max(0, ...done);
      if (newest > known) {
        throw new StoreError(
          `the PostgreSQL schema ${JSON.stringify(schema)} is at version ${newest}, newer than this Tandem knows (${known}); upgrade Tandem`,
        );
      }
      const applied: number[] = [];
      for (const migration of migrations) {
        if (done.has(migration.version)) continue;
        await inTransaction(client, 'BEGIN', async () => {
          await client.query(migration.sql(s));
          await client.query(`INSERT INTO ${s}.migrations (version, name) VALUES ($1, $2)`, [migration.version, migration.name]);
        }).catch((error: unknown) => {
          throw new StoreError(`migration ${migration.version} (${migration.name}) of schema ${JSON.stringify(schema)} failed`, {
            cause: error,
          });
        });
        applied.push(migration.version);
      }
      return applied;
    } finally {
      // A broken connection has dropped the lock already; withClient then destroys it.
      await client.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [lockKey]).catch(() => undefined);
    }
  });
}
