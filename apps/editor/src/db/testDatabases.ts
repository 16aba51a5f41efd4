import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { AppConfig } from '@/config/appConfig';

/** The machine's PostgreSQL (trust auth) that tests create their own databases in. */
export const TEST_POSTGRES = process.env.TANDEM_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function answers(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port || 5432) });
    socket.setTimeout(1000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Whether PostgreSQL is there for the tests that need it. Missing, they are skipped loudly, unless
 * `TANDEM_REQUIRE_SYSTEM=1` (CI), where that is an error.
 */
export async function postgresAvailable(neededFor: string): Promise<boolean> {
  if (await answers(TEST_POSTGRES)) return true;
  if (process.env.TANDEM_REQUIRE_SYSTEM === '1') {
    throw new Error(
      `PostgreSQL is required (TANDEM_REQUIRE_SYSTEM=1) for ${neededFor}, but ${new URL(TEST_POSTGRES).host} does not answer`,
    );
  }
  console.warn(
    `\n⚠️  SKIPPING ${neededFor}: PostgreSQL does not answer at ${new URL(TEST_POSTGRES).host}. Set TANDEM_REQUIRE_SYSTEM=1 to make this a failure.\n`,
  );
  return false;
}

export interface TestDatabase {
  config: AppConfig['database'];
  drop(): Promise<void>;
}

/** A fresh SQLite file in a temp directory. */
export async function sqliteTestDatabase(): Promise<TestDatabase> {
  const dir = await mkdtemp(join(tmpdir(), 'tandem-app-db-'));
  return { config: { kind: 'sqlite', file: join(dir, 'app.db') }, drop: () => rm(dir, { recursive: true, force: true }) };
}

/** A fresh PostgreSQL database of its own (dropped afterwards), with the app in `schema`. */
export async function postgresTestDatabase(schema = 'tandem_app'): Promise<TestDatabase> {
  const name = `tandem_app_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: TEST_POSTGRES });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(TEST_POSTGRES);
  url.pathname = `/${name}`;
  return {
    config: { kind: 'postgres', url: url.toString(), schema },
    async drop() {
      const client = new pg.Client({ connectionString: TEST_POSTGRES });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}
