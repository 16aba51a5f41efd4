import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** Where the benchmark creates its databases: `BENCH_DATABASE_URL`, else the local PostgreSQL (trust auth). */
export function adminDatabaseUrl(env = process.env) {
  return env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
}

/**
 * @typedef {Object} BenchDatabase
 * @property {string} name
 * @property {string} url connection string of the new database
 * @property {() => Promise<void>} drop drops it, closing any connection still open (WITH (FORCE))
 */

/**
 * Creates a fresh database `tandem_bench_<random>` for one run on the PostgreSQL of `adminUrl`;
 * throws a clear error when PostgreSQL does not answer.
 * @param {string} adminUrl
 * @returns {Promise<BenchDatabase>}
 */
export async function createBenchDatabase(adminUrl) {
  const name = `tandem_bench_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5000 });
  try {
    await admin.connect();
  } catch (error) {
    throw new Error(`PostgreSQL does not answer at ${redact(adminUrl)} (set BENCH_DATABASE_URL): ${/** @type {Error} */ (error).message}`);
  }
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5000 });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

/** @param {string} url */
function redact(url) {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}
