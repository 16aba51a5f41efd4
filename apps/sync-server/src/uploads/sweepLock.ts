import pg from 'pg';

/** The right to sweep, held by one node at a time. */
export interface HeldSweepLock {
  /** Throws once the lock was lost (its database connection broke): the sweep must stop. */
  check(): void;
  release(): Promise<void>;
}

export interface SweepLock {
  /** Takes the lock if it is free; null when another sweep holds it. */
  tryAcquire(): Promise<HeldSweepLock | null>;
}

export class SweepLockLost extends Error {
  override readonly name = 'SweepLockLost';
}

/** One process's own lock: the store is this process's alone (LevelDB, or a store without other nodes). */
export function processSweepLock(): SweepLock {
  let held = false;
  return {
    tryAcquire: async () => {
      if (held) return null;
      held = true;
      return {
        check: () => {},
        release: async () => {
          held = false;
        },
      };
    },
  };
}

export interface PostgresSweepLockOptions {
  connectionString: string;
  /** The store's schema: the lock is the store's, whichever deployments share the database. */
  schema: string;
  connectTimeoutMs?: number;
}

/**
 * The nodes of a cluster share one PostgreSQL store: the sweep takes a session advisory lock keyed
 * by its schema, on a connection of its own held for the sweep, so exactly one node sweeps at a
 * time. Should that connection break, PostgreSQL lets go of the lock, and the sweep learns it
 * through `check()` before it frees anything more.
 */
export function postgresSweepLock(options: PostgresSweepLockOptions): SweepLock {
  const key = `tandem-upload-sweep:${options.schema}`;
  return {
    async tryAcquire() {
      const client = new pg.Client({
        connectionString: options.connectionString,
        connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
        keepAlive: true,
        application_name: `tandem-${options.schema}-upload-sweep`,
      });
      let lost: Error | null = null;
      client.on('error', (error) => {
        lost = error;
      });
      client.on('end', () => {
        lost ??= new Error('the connection ended');
      });
      try {
        await client.connect();
        const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked', [key]);
        if (rows[0]?.locked !== true) {
          await client.end();
          return null;
        }
      } catch (error) {
        await client.end().catch(() => undefined);
        throw error;
      }
      let released = false;
      return {
        check: () => {
          if (released) throw new SweepLockLost('the sweep lock was released');
          if (lost !== null) throw new SweepLockLost(`the sweep lock was lost: ${(lost as Error).message}`, { cause: lost });
        },
        release: async () => {
          if (released) return;
          released = true;
          // Ending the session lets go of the lock too; the unlock only makes it prompt.
          await client.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [key]).catch(() => undefined);
          await client.end().catch(() => undefined);
        },
      };
    },
  };
}
