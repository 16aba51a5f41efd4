import pg from 'pg';
import type { ContractFixture } from '../src/contract/contractFixture.js';
import type { DocumentStore } from '../src/documentStore.js';
import { createPostgresStore } from '../src/postgres/createPostgresStore.js';
import type { PostgresStoreInput } from '../src/postgres/postgresStoreOptions.js';
import { freshSchema } from './postgresTestDatabase.js';

export interface PostgresFixture extends ContractFixture {
  schema: string;
  /** Another store on the same schema, with its own pool (another process, as far as PostgreSQL can tell). */
  openAnother(options?: PostgresStoreInput): Promise<DocumentStore>;
}

/** A PostgreSQL store on a fresh schema of `url`; destroy() closes every store it opened and drops the schema. */
export async function createPostgresFixture(url: string, options: PostgresStoreInput = {}): Promise<PostgresFixture> {
  const schema = freshSchema();
  const opened: DocumentStore[] = [];
  const open = async (overrides: PostgresStoreInput = options): Promise<DocumentStore> => {
    const store = await createPostgresStore({ connectionString: url, schema, maxConnections: 4, ...overrides });
    opened.push(store);
    return store;
  };
  let current = await open();
  return {
    schema,
    store: current,
    async reopen() {
      await current.close();
      current = await open();
      return current;
    },
    openAnother: (overrides) => open({ ...options, ...overrides }),
    async destroy() {
      const results = await Promise.allSettled(opened.map((store) => store.close()));
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      } finally {
        await client.end();
      }
      const failed = results.find((result) => result.status === 'rejected');
      if (failed) throw (failed as PromiseRejectedResult).reason;
    },
  };
}
