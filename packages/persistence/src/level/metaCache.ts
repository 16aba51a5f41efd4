import type { LevelDb } from './levelDb.js';
import { readStoredMeta, type StoredMeta } from './storedMeta.js';

/**
 * The metadata records of recently used docs, in memory, so that an append does not read its
 * doc's record back from LevelDB first (a `get` costs about as much as the write itself).
 *
 * Coherent because the store is the only writer: every read and every write of a doc's record
 * happens inside that doc's queue, and each write calls `set` (or `forget`) right after LevelDB
 * confirmed it. A failed write leaves the cache as it was, like the disk. Bounded: the least
 * recently used entries are dropped beyond `maxEntries` and read from disk again when needed.
 */
export interface MetaCache {
  /** The doc's record (null: no such doc). Call inside the doc's queue. */
  read(docName: string): Promise<StoredMeta | null>;
  /** After a successful write of `meta` (null: the doc was deleted). */
  set(docName: string, meta: StoredMeta | null): void;
  readonly size: number;
}

export const defaultMetaCacheEntries = 10_000;

export function createMetaCache(db: LevelDb, maxEntries = defaultMetaCacheEntries): MetaCache {
  const entries = new Map<string, StoredMeta | null>();

  function remember(docName: string, meta: StoredMeta | null): void {
    entries.delete(docName);
    entries.set(docName, meta);
    if (entries.size > maxEntries) {
      const oldest = entries.keys().next();
      if (!oldest.done) entries.delete(oldest.value);
    }
  }

  return {
    async read(docName) {
      const cached = entries.get(docName);
      if (cached !== undefined) {
        remember(docName, cached);
        return cached;
      }
      const meta = await readStoredMeta(db, docName);
      remember(docName, meta);
      return meta;
    },
    set: remember,
    get size() {
      return entries.size;
    },
  };
}
