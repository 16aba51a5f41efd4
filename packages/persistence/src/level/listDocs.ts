import type { DocMeta, DocPage } from '../documentStore.js';
import { docNameFromMetaKey, metaKey, metaRange } from './keys.js';
import type { LevelDb } from './levelDb.js';
import { encodeListCursor } from '../listCursor.js';
import { decodeStoredMeta, type StoredMeta, toDocMeta } from './storedMeta.js';

/**
 * One page of docs in name order (UTF-8 byte order) after `after`: LevelDB's metadata records, with
 * the metadata of docs whose appends are still only in the journal (`journalled`, which is newer)
 * merged in. No checkpoint is needed first, so a failing LevelDB write does not fail the list. A
 * doc whose record cannot be read is listed with `damaged` saying why, never skipped and never
 * failing the whole list.
 */
export async function listDocs(
  db: LevelDb,
  journalled: ReadonlyMap<string, StoredMeta>,
  after: string | null,
  limit: number,
): Promise<DocPage> {
  const afterKey = after === null ? null : metaKey(after);
  const entries = new Map<string, DocMeta>();
  // Taken in one synchronous step with the iterator's snapshot, so no doc falls between the two.
  for (const [name, meta] of journalled) {
    if (afterKey === null || Buffer.compare(metaKey(name), afterKey) > 0) entries.set(name, toDocMeta(name, meta));
  }
  const range = afterKey === null ? metaRange : { gt: afterKey, lt: metaRange.lt };
  for await (const [key, value] of db.iterator({ ...range, limit: limit + 1 })) {
    const name = docNameFromMetaKey(key);
    if (entries.has(name)) continue;
    try {
      entries.set(name, toDocMeta(name, decodeStoredMeta(name, value)));
    } catch (error) {
      entries.set(name, unreadable(name, `corrupt metadata record: ${(error as Error).message}`));
    }
  }
  // LevelDB gave at most limit + 1 names: any later one sorts after all of them.
  const sorted = [...entries.values()].sort((a, b) => Buffer.compare(Buffer.from(a.name), Buffer.from(b.name)));
  const docs = sorted.slice(0, limit);
  const last = docs[docs.length - 1];
  return { docs, nextCursor: sorted.length > limit && last !== undefined ? encodeListCursor(last.name) : null };
}

function unreadable(name: string, damaged: string): DocMeta {
  return { name, bytes: 0, updateCount: 0, totalUpdates: 0, title: null, createdAt: 0, updatedAt: 0, seq: 0, damaged };
}
