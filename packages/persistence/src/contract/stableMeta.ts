import type { DocMeta } from '../documentStore.js';

/**
 * The metadata fields only appends change. `bytes` and `updateCount` may also change at any
 * moment through background compaction, so comparisons across calls leave them out.
 */
export function stableMeta(meta: DocMeta | null | undefined): Omit<DocMeta, 'bytes' | 'updateCount'> | null {
  if (meta === null || meta === undefined) return null;
  const { bytes: _bytes, updateCount: _updateCount, ...stable } = meta;
  return stable;
}
