import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { StoreError } from '../storeError.js';
import { defaultPostgresStoreOptions, resolvePostgresStoreOptions } from './postgresStoreOptions.js';

describe('PostgreSQL store options', () => {
  const url = 'postgres://tandem:hunter2@db.example:5432/tandem';

  it('fills in the defaults around a connection string', () => {
    expect(resolvePostgresStoreOptions({ connectionString: url })).toEqual({ ...defaultPostgresStoreOptions, connectionString: url });
    expect(defaultPostgresStoreOptions.schema).toBe('tandem');
  });

  it('refuses a bad or unknown key with a StoreError naming it, never echoing the connection string', () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ connectionString: url, shema: 'x' }, /"shema"/],
      [{ connectionString: url, schema: 'Tandem' }, /"schema".*"Tandem"/],
      [{ connectionString: url, schema: 'a;drop' }, /"schema"/],
      [{ connectionString: url, compactAfterUpdates: 1 }, /"compactAfterUpdates"/],
      [{ connectionString: url, compactAfterBytes: 0 }, /"compactAfterBytes"/],
      [{ connectionString: url, onCommit: 'yes' }, /"onCommit"/],
      [{ connectionString: url, maxConnections: 1 }, /"maxConnections"/],
      [{ connectionString: url, statementTimeoutMs: 0 }, /"statementTimeoutMs"/],
      [{ connectionString: '' }, /"connectionString"/],
      [{}, /exactly one of "connectionString" and "pool"/],
    ];
    for (const [input, message] of cases) {
      let thrown: unknown = null;
      try {
        resolvePostgresStoreOptions(input);
      } catch (error) {
        thrown = error;
      }
      expect(thrown, JSON.stringify(Object.keys(input))).toBeInstanceOf(StoreError);
      expect((thrown as Error).message).toMatch(message);
      expect((thrown as Error).message).not.toContain('hunter2');
    }
  });

  it('takes a pool of the caller instead of a connection string, not both', async () => {
    const pool = new pg.Pool({ connectionString: url });
    try {
      expect(resolvePostgresStoreOptions({ pool }).pool).toBe(pool);
      expect(() => resolvePostgresStoreOptions({ pool, connectionString: url })).toThrow(/exactly one/);
    } finally {
      await pool.end();
    }
  });
});
