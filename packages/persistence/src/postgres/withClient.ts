import pg from 'pg';

/**
 * An error PostgreSQL reported on a connection that is still usable (a failed statement): the
 * transaction can be rolled back and the connection reused. Anything else (a refused or lost
 * connection, a client-side timeout with the statement still running, a FATAL) means the
 * connection is gone or in an unknown state.
 */
export function isStatementError(error: unknown): error is pg.DatabaseError {
  return error instanceof pg.DatabaseError && error.severity !== 'FATAL' && error.severity !== 'PANIC';
}

/**
 * Runs `work` on one pooled connection and gives it back. A connection that dies while held makes
 * its client emit 'error', which with no listener would crash the process: a listener is attached
 * for as long as it is held. A connection that failed (or timed out with a statement in flight) is
 * destroyed rather than returned, so the pool opens a fresh one for the next call.
 */
export async function withClient<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | null = null;
  const onError = (error: Error): void => {
    broken = error;
  };
  client.on('error', onError);
  try {
    return await work(client);
  } catch (error) {
    if (!isStatementError(error)) broken ??= error instanceof Error ? error : new Error(String(error));
    throw error;
  } finally {
    client.off('error', onError);
    client.release(broken ?? undefined);
  }
}

/**
 * `begin`, then `work`, then COMMIT; ROLLBACK when `work` throws a statement error (a connection
 * error leaves nothing to roll back: PostgreSQL aborts the transaction of a connection that is gone).
 */
export async function inTransaction<T>(client: pg.PoolClient, begin: string, work: () => Promise<T>): Promise<T> {
  await client.query(begin);
  let result: T;
  try {
    result = await work();
  } catch (error) {
    if (!isStatementError(error)) throw error;
    try {
      await client.query('ROLLBACK');
    } catch (rollbackError) {
      throw new Error(`ROLLBACK failed (${String(rollbackError)}) after: ${String(error)}`, { cause: error });
    }
    throw error;
  }
  await client.query('COMMIT');
  return result;
}
