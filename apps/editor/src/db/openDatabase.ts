import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import type { AppConfig } from '@/config/appConfig';
import type { AppTables } from './tables';

export type DatabaseKind = 'sqlite' | 'postgres';

/** The app's database: SQLite in a file by default, PostgreSQL (in a schema of its own) when configured. */
export interface AppDatabase {
  kind: DatabaseKind;
  /** PostgreSQL schema of the app's tables; null for SQLite. */
  schema: string | null;
  /** Queries on the app's tables (scoped to `schema` on PostgreSQL). */
  db: Kysely<AppTables>;
  /** The same connection without the schema scope (better-auth qualifies its tables itself). */
  unscoped: Kysely<unknown>;
  /** Where it is, for the start-up log (a PostgreSQL URL without its password). */
  describe: string;
  close(): Promise<void>;
}

const INT8_OID = 20;

function redacted(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres (unparsable URL)';
  }
}

export async function openDatabase(config: AppConfig['database']): Promise<AppDatabase> {
  if (config.kind === 'sqlite') {
    mkdirSync(dirname(config.file), { recursive: true });
    const sqlite = new Database(config.file);
    // WAL: readers do not wait for the writer; foreign keys: cascades as in PostgreSQL.
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    const db = new Kysely<AppTables>({ dialect: new SqliteDialect({ database: sqlite }) });
    return {
      kind: 'sqlite',
      schema: null,
      db,
      unscoped: db as Kysely<unknown>,
      describe: `SQLite ${config.file}`,
      close: () => db.destroy(),
    };
  }
  const pool = new pg.Pool({
    connectionString: config.url,
    max: 10,
    // Counts and epoch milliseconds are bigint columns: read them as numbers (they stay far below 2^53).
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8_OID ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  // An idle connection the server ended (a restart, a failover, an administrator) is dropped from the
  // pool and replaced on next use; unhandled, its error event would end the process.
  pool.on('error', (error) =>
    console.error(`[tandem] an idle PostgreSQL connection failed (${error.message}); it is replaced on next use`),
  );
  const unscoped = new Kysely<unknown>({ dialect: new PostgresDialect({ pool }) });
  await sql`create schema if not exists ${sql.id(config.schema)}`.execute(unscoped);
  return {
    kind: 'postgres',
    schema: config.schema,
    db: (unscoped as Kysely<AppTables>).withSchema(config.schema),
    unscoped,
    describe: `PostgreSQL ${redacted(config.url)} schema ${config.schema}`,
    close: () => unscoped.destroy(),
  };
}
