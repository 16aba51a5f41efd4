import { StoreError } from '../storeError.js';

export interface LevelStoreOptions {
  /** Directory of the LevelDB database (created if missing). Required. */
  dir: string;
  /**
   * Compact a document once it has this many stored update records (the compacted base
   * counts as one). A positive integer >= 2, or `Infinity` to never compact by count.
   */
  compactAfterUpdates: number;
  /**
   * Compact a document once the update bytes appended since its last compaction reach this
   * many bytes. A positive integer, or `Infinity` to never compact by size.
   */
  compactAfterBytes: number;
  /**
   * fsync every write (appends, compactions, deletes, probes) before it resolves, so an
   * acknowledged update survives power loss, not only a process crash. Slower; see README.
   */
  sync: boolean;
  /**
   * Receives errors of background work (a failed online compaction). Such a failure loses
   * nothing (the old records stay), the doc is retried after another threshold's worth of
   * appends. Without this callback, the first unreported one is rethrown by `close()`.
   */
  onBackgroundError: ((error: StoreError) => void) | null;
  /**
   * Appends go to a journal file first (one write system call each) and are copied into LevelDB
   * in the background: every this many milliseconds while any are pending.
   */
  checkpointIntervalMs: number;
  /** ...or sooner, once the journal file holds this many bytes. */
  maxJournalBytes: number;
  /**
   * After an online compaction or a delete, LevelDB's files still hold the old records until its own
   * compaction gets to them. This many milliseconds after the last such change (debounced), the
   * store asks LevelDB to rewrite that doc's key range without them (`compactRange`, on LevelDB's
   * background thread). `Infinity` leaves it to LevelDB.
   */
  reclaimDiskAfterMs: number;
  /** Told about every committed online compaction (for metrics); must not throw. */
  onCompaction: ((event: CompactionEvent) => void) | null;
}

/** One committed online compaction. */
export interface CompactionEvent {
  docName: string;
  /** From claiming the doc to the commit (for a compaction started by a load: the commit only). */
  durationMs: number;
  /** Records merged into one. */
  records: number;
  /** Bytes of those records, and of the merged record that replaced them. */
  bytesBefore: number;
  bytesAfter: number;
}

export type LevelStoreInput = Pick<LevelStoreOptions, 'dir'> & Partial<Omit<LevelStoreOptions, 'dir'>>;

export const defaultLevelStoreOptions: Readonly<Omit<LevelStoreOptions, 'dir'>> = Object.freeze({
  compactAfterUpdates: 500,
  compactAfterBytes: 1024 * 1024,
  sync: false,
  onBackgroundError: null,
  onCompaction: null,
  checkpointIntervalMs: 1000,
  maxJournalBytes: 16 * 1024 * 1024,
  reclaimDiskAfterMs: 1000,
});

const knownKeys = new Set(['dir', ...Object.keys(defaultLevelStoreOptions)]);

function invalid(key: string, expectation: string, value: unknown): never {
  throw new StoreError(`invalid LevelDB store option "${key}": expected ${expectation}, got ${describe(value)}`);
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) {
    return String(value);
  }
  return typeof value;
}

function isThreshold(value: unknown, min: number): value is number {
  return typeof value === 'number' && (value === Number.POSITIVE_INFINITY || (Number.isSafeInteger(value) && value >= min));
}

/** Defaults plus validated overrides; throws a StoreError naming the first bad key. */
export function resolveLevelStoreOptions(input: LevelStoreInput): LevelStoreOptions {
  if (typeof input !== 'object' || input === null) invalid('options', 'an object', input);
  for (const key of Object.keys(input)) {
    if (!knownKeys.has(key)) invalid(key, `one of the known keys (${[...knownKeys].join(', ')})`, key);
  }
  const merged = { ...defaultLevelStoreOptions, ...stripUndefined(input) } as LevelStoreOptions;
  if (typeof merged.dir !== 'string' || merged.dir.trim() === '') invalid('dir', 'a non-empty directory path', merged.dir);
  if (!isThreshold(merged.compactAfterUpdates, 2)) {
    invalid('compactAfterUpdates', 'an integer >= 2 or Infinity', merged.compactAfterUpdates);
  }
  if (!isThreshold(merged.compactAfterBytes, 1)) {
    invalid('compactAfterBytes', 'an integer >= 1 or Infinity', merged.compactAfterBytes);
  }
  if (typeof merged.sync !== 'boolean') invalid('sync', 'a boolean', merged.sync);
  if (!Number.isSafeInteger(merged.checkpointIntervalMs) || merged.checkpointIntervalMs < 1 || merged.checkpointIntervalMs > 3_600_000) {
    invalid('checkpointIntervalMs', 'an integer 1..3600000', merged.checkpointIntervalMs);
  }
  if (!Number.isSafeInteger(merged.maxJournalBytes) || merged.maxJournalBytes < 1024) {
    invalid('maxJournalBytes', 'an integer >= 1024', merged.maxJournalBytes);
  }
  if (!isThreshold(merged.reclaimDiskAfterMs, 0)) {
    invalid('reclaimDiskAfterMs', 'an integer >= 0 or Infinity', merged.reclaimDiskAfterMs);
  }
  if (merged.onBackgroundError !== null && typeof merged.onBackgroundError !== 'function') {
    invalid('onBackgroundError', 'a function or null', merged.onBackgroundError);
  }
  if (merged.onCompaction !== null && typeof merged.onCompaction !== 'function') {
    invalid('onCompaction', 'a function or null', merged.onCompaction);
  }
  return merged;
}

function stripUndefined(input: object): object {
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined));
}
