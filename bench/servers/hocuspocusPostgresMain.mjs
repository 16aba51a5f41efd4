// Child-process entry: Hocuspocus 4 with its database extension on PostgreSQL (a `documents` table
// holding each document's whole state, upserted by the extension's store hook: 2 s debounce, 10 s
// max, its defaults) and, when BENCH_REDIS_URL is set, its Redis extension (one node of several;
// defaults: 1 s store lock). Prints one JSON line {"port": N} when listening.
// Environment: BENCH_DATABASE_URL, BENCH_SCHEMA, BENCH_REDIS_URL, BENCH_REDIS_PREFIX, BENCH_NODE_ID.
import { Database } from '@hocuspocus/extension-database';
import { Redis } from '@hocuspocus/extension-redis';
import { Server } from '@hocuspocus/server';
import pg from 'pg';

const { BENCH_DATABASE_URL: databaseUrl, BENCH_SCHEMA: schema, BENCH_REDIS_URL: redisUrl } = process.env;
if (!databaseUrl || !schema) throw new Error('hocuspocusPostgresMain.mjs needs BENCH_DATABASE_URL and BENCH_SCHEMA');
const table = `${pg.escapeIdentifier(schema)}.documents`;
const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
await pool.query(`CREATE SCHEMA IF NOT EXISTS ${pg.escapeIdentifier(schema)}`);
await pool.query(`CREATE TABLE IF NOT EXISTS ${table} (name text PRIMARY KEY, data bytea NOT NULL)`);

const extensions = [];
if (redisUrl) {
  const { hostname, port } = new URL(redisUrl);
  extensions.push(
    new Redis({
      host: hostname,
      port: Number(port),
      prefix: process.env.BENCH_REDIS_PREFIX ?? 'hocuspocus',
      identifier: process.env.BENCH_NODE_ID ?? `node-${process.pid}`,
    }),
  );
}
extensions.push(
  new Database({
    fetch: async ({ documentName }) => {
      const { rows } = await pool.query(`SELECT data FROM ${table} WHERE name = $1`, [documentName]);
      return rows[0]?.data ?? null;
    },
    store: async ({ documentName, state }) => {
      await pool.query(`INSERT INTO ${table} (name, data) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET data = EXCLUDED.data`, [
        documentName,
        state,
      ]);
    },
  }),
);
const server = new Server({ port: 0, address: '127.0.0.1', quiet: true, extensions });
await server.listen();
process.stdout.write(`${JSON.stringify({ port: server.address.port })}\n`);
