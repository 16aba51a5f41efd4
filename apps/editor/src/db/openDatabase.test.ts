import { sql } from 'kysely';
import pg from 'pg';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openDatabase } from '@/db/openDatabase';
import { postgresAvailable, postgresTestDatabase, TEST_POSTGRES, type TestDatabase } from '@/db/testDatabases';

const withPostgres = await postgresAvailable('the app database on PostgreSQL');

describe.skipIf(!withPostgres)('openDatabase on PostgreSQL', () => {
  let database: TestDatabase | null = null;
  afterEach(async () => {
    vi.restoreAllMocks();
    await database?.drop();
    database = null;
  });

  it('survives the server ending its idle connections (a restart, a failover): logged, replaced on next use', async () => {
    database = await postgresTestDatabase();
    const opened = await openDatabase(database.config);
    try {
      await sql`select 1`.execute(opened.unscoped);
      const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
      const admin = new pg.Client({ connectionString: TEST_POSTGRES });
      await admin.connect();
      const name = new URL(database.config.kind === 'postgres' ? database.config.url : '').pathname.slice(1);
      await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [name]);
      await admin.end();
      await vi.waitFor(() => expect(logged).toHaveBeenCalledWith(expect.stringContaining('an idle PostgreSQL connection failed')), {
        timeout: 5000,
      });
      const { rows } = await sql<{ answer: number }>`select 42 as answer`.execute(opened.unscoped);
      expect(rows).toEqual([{ answer: 42 }]);
    } finally {
      await opened.close();
    }
  });
});
