import pg from 'pg';
import { StoreError } from '../storeError.js';
import type { PostgresStoreOptions } from './postgresStoreOptions.js';

/** Extra time the client gives a statement past the server's own `statement_timeout` before it gives up on the connection. */
const clientTimeoutSlackMs = 2000;

/**
 * The pool the store talks through. Its own pool gets timeouts on every path so that no call waits
 * forever on a database that is down or unreachable: connecting (`connectTimeoutMs`), a statement
 * (`statement_timeout` on the server, and the client's `query_timeout` for a server that stopped
 * answering altogether), a transaction left open by a vanished client (`idle_in_transaction_session_timeout`),
 * TCP keepalive for a silent network. `synchronous_commit` is on, so a COMMIT returns once durable.
 *
 * A pooled connection that dies while idle (the database restarted) makes the pool emit 'error'; without a
 * listener that would crash the process. It goes to `report` instead, and the pool opens a new connection
 * for the next call, which is how the store resumes by itself once the database is back.
 */
export function createStorePool(
  options: PostgresStoreOptions,
  report: (error: StoreError) => void,
): { pool: pg.Pool; owned: boolean; end: () => Promise<void> } {
  const owned = options.pool === null;
  const pool =
    options.pool ??
    new pg.Pool({
      connectionString: options.connectionString ?? undefined,
      max: options.maxConnections,
      connectionTimeoutMillis: options.connectTimeoutMs,
      query_timeout: options.statementTimeoutMs + clientTimeoutSlackMs,
      statement_timeout: options.statementTimeoutMs,
      idle_in_transaction_session_timeout: options.statementTimeoutMs + clientTimeoutSlackMs,
      idleTimeoutMillis: 30_000,
      keepAlive: true,
      application_name: `tandem-${options.schema}`,
      options: '-c synchronous_commit=on',
    });
  const onError = (error: Error): void => report(new StoreError('a pooled PostgreSQL connection failed while idle', { cause: error }));
  pool.on('error', onError);
  return {
    pool,
    owned,
    async end() {
      if (owned) await pool.end();
      pool.off('error', onError);
    },
  };
}
