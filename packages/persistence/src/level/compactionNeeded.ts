import type { LevelStoreOptions } from './levelStoreOptions.js';
import type { StoredMeta } from './storedMeta.js';

/**
 * A doc is due for compaction when it has at least two records and either the record count
 * reached `compactAfterUpdates` or the bytes appended since the last compaction (everything
 * but the compacted base) reached `compactAfterBytes`. Measuring bytes since the base, not
 * total bytes, keeps a doc whose compacted state alone is large from compacting on every append.
 */
export function compactionNeeded(
  meta: Pick<StoredMeta, 'updateCount' | 'bytes' | 'baseBytes' | 'baseCount'>,
  options: Pick<LevelStoreOptions, 'compactAfterUpdates' | 'compactAfterBytes'>,
): boolean {
  if (meta.updateCount < 2) return false;
  // With versions a compaction leaves one record per span: count the records appended since.
  const appended = meta.updateCount - (meta.baseCount ?? 1) + 1;
  return appended >= options.compactAfterUpdates || meta.bytes - meta.baseBytes >= options.compactAfterBytes;
}
