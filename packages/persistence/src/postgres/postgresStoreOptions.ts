import type { Pool } from 'pg';
import type { CompactionEvent } from '../level/levelStoreOptions.js';
import { StoreError } from '../storeError.js';

/** One committed group of appends (for the server's commit-latency and group-size metrics). */
export interface CommitEvent {
  /** Appends (batches) committed in the one transaction. */
  batches: number;
  /** Documents they went to. */
  docs: number;
  /** From BEGIN to the end of COMMIT. */
  durationMs: number;
}

export interface PostgresStoreOptions {
  /** `postgres://user:password@host:port/database`; required unless `pool` is given. */
  connectionString: string | null;
  /** A pool of your own instead (then `close()` leaves it open, and the timeouts below are yours to set). */
  pool: Pool | null;
  /**
   * The PostgreSQL schema holding this deployment's tables (created if missing), so several
   * deployments, or test runs, can share one database. Lower-case letters, digits and `_`.
   */
  schema: string;
  /** Compact a document once it has this many stored updates (the compacted base counts as one). */
  compactAfterUpdates: number;
  /** ...or once this many update bytes were appended since its last compaction. */
  compactAfterBytes: number;
  /** Errors of background work (a failed compaction, a connection lost while idle); without it `close()` rethrows the first. */
  onBackgroundError: ((error: StoreError) => void) | null;
  /** Told about every committed online compaction; must not throw. */
  onCompaction: ((event: CompactionEvent) => void) | null;
  /** Told about every committed group of appends; must not throw. */
  onCommit: ((event: CommitEvent) => void) | null;
  /** Connections in the store's own pool. */
  maxConnections: number;
  /** How long to wait for a connection (the database down or unreachable) before a call rejects. */
  connectTimeoutMs: number;
  /**
   * Longest a statement may run, enforced by PostgreSQL (`statement_timeout`) and, a little later,
   * by the client (a database that stopped answering): past it the call rejects.
   */
  statementTimeoutMs: number;
  /** At most this many appends go into one group commit (the rest wait for the next one). */
  maxGroupBatches: number;
}

export type PostgresStoreInput = Partial<PostgresStoreOptions>;

export const defaultPostgresStoreOptions: Readonly<PostgresStoreOptions> = Object.freeze({
  connectionString: null,
  pool: null,
  schema: 'tandem',
  compactAfterUpdates: 500,
  compactAfterBytes: 1024 * 1024,
  onBackgroundError: null,
  onCompaction: null,
  onCommit: null,
  maxConnections: 10,
  connectTimeoutMs: 5000,
  statementTimeoutMs: 15_000,
  maxGroupBatches: 1000,
});

const knownKeys = new Set(Object.keys(defaultPostgresStoreOptions));
/** Unquoted-identifier rules, lower case only, so the name means the same quoted or not. */
const schemaPattern = /^[a-z_][a-z0-9_]{0,62}$/;

function invalid(key: string, expectation: string, value: unknown): never {
  const shown = typeof value === 'string' ? JSON.stringify(value) : typeof value === 'function' ? 'a function' : String(value);
  throw new StoreError(`invalid PostgreSQL store option "${key}": expected ${expectation}, got ${shown}`);
}

const isThreshold = (value: unknown, min: number): boolean =>
  value === Number.POSITIVE_INFINITY || (typeof value === 'number' && Number.isSafeInteger(value) && value >= min);
const isIntegerIn = (value: unknown, min: number, max: number): boolean =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= min && value <= max;

/** Defaults plus validated overrides; throws a StoreError naming the first bad key (never echoing a connection string). */
export function resolvePostgresStoreOptions(input: PostgresStoreInput): PostgresStoreOptions {
  if (typeof input !== 'object' || input === null) invalid('options', 'an object', input);
  for (const key of Object.keys(input)) {
    if (!knownKeys.has(key)) invalid(key, `one of the known keys (${[...knownKeys].join(', ')})`, key);
  }
  const defined = Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined));
  const options = { ...defaultPostgresStoreOptions, ...defined } as PostgresStoreOptions;
  const { connectionString, pool } = options;
  if (connectionString !== null && (typeof connectionString !== 'string' || connectionString.trim() === '')) {
    invalid('connectionString', 'a postgres:// URL', typeof connectionString === 'string' ? '""' : typeof connectionString);
  }
  if (pool !== null && (typeof pool !== 'object' || typeof (pool as Pool).connect !== 'function'))
    invalid('pool', 'a pg Pool', typeof pool);
  if ((connectionString === null) === (pool === null)) {
    throw new StoreError('invalid PostgreSQL store options: give exactly one of "connectionString" and "pool"');
  }
  if (typeof options.schema !== 'string' || !schemaPattern.test(options.schema)) {
    invalid('schema', 'lower-case letters, digits and _ (not starting with a digit), at most 63', options.schema);
  }
  if (!isThreshold(options.compactAfterUpdates, 2))
    invalid('compactAfterUpdates', 'an integer >= 2 or Infinity', options.compactAfterUpdates);
  if (!isThreshold(options.compactAfterBytes, 1)) invalid('compactAfterBytes', 'an integer >= 1 or Infinity', options.compactAfterBytes);
  for (const key of ['onBackgroundError', 'onCompaction', 'onCommit'] as const) {
    if (options[key] !== null && typeof options[key] !== 'function') invalid(key, 'a function or null', options[key]);
  }
  if (!isIntegerIn(options.maxConnections, 2, 1000)) invalid('maxConnections', 'an integer 2..1000', options.maxConnections);
  if (!isIntegerIn(options.connectTimeoutMs, 1, 600_000)) invalid('connectTimeoutMs', 'an integer 1..600000', options.connectTimeoutMs);
  if (!isIntegerIn(options.statementTimeoutMs, 1, 3_600_000)) {
    invalid('statementTimeoutMs', 'an integer 1..3600000', options.statementTimeoutMs);
  }
  if (!isIntegerIn(options.maxGroupBatches, 1, 10_000)) invalid('maxGroupBatches', 'an integer 1..10000', options.maxGroupBatches);
  return options;
}
