import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The machine's PostgreSQL (trust auth); TANDEM_TEST_POSTGRES_URL points the tests elsewhere. */
export const postgresAdminUrl = process.env.TANDEM_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** `url` with its database replaced. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/**
 * Whether PostgreSQL answers at `postgresAdminUrl`. When it does not, the tests that need it skip
 * loudly, unless `TANDEM_REQUIRE_SYSTEM=1` (CI), where that is an error.
 */
export async function postgresAvailable(neededFor: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: postgresAdminUrl, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch (error) {
    const reason = `PostgreSQL does not answer at ${postgresAdminUrl} (${(error as Error).message})`;
    if (process.env.TANDEM_REQUIRE_SYSTEM === '1')
      throw new Error(`PostgreSQL is required (TANDEM_REQUIRE_SYSTEM=1) for ${neededFor}, but ${reason}`);
    console.warn(`\n⚠️  SKIPPING ${neededFor}: ${reason}. Set TANDEM_REQUIRE_SYSTEM=1 to make this a failure.\n`);
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: postgresAdminUrl, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export interface TestDatabase {
  name: string;
  url: string;
  /** Drops it, ending whatever connections are left. */
  drop(): Promise<void>;
}

/** A fresh database `tandem_test_<random>` (one per test file): create now, `drop()` after. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `tandem_test_${randomBytes(6).toString('hex')}`;
  await admin((client) => client.query(`CREATE DATABASE ${name}`));
  return {
    name,
    url: withDatabase(postgresAdminUrl, name),
    drop: () => admin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

/** A fresh schema name for one test (the store creates it). */
export const freshSchema = (): string => `t_${randomBytes(6).toString('hex')}`;

/** Runs one statement on `url` with a connection of its own (to look at what a store wrote). */
export async function queryDatabase<R extends pg.QueryResultRow = pg.QueryResultRow>(
  url: string,
  text: string,
  values: unknown[] = [],
): Promise<R[]> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return (await client.query<R>(text, values)).rows;
  } finally {
    await client.end();
  }
}
