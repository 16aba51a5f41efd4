import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { metaKey } from './keys.js';
import { type LevelDb, openLevelDb } from './levelDb.js';
import { createMetaCache } from './metaCache.js';
import { encodeStoredMeta, type StoredMeta } from './storedMeta.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function tempDb(): Promise<LevelDb> {
  const dir = await mkdtemp(join(tmpdir(), 'tandem-meta-'));
  const db = await openLevelDb(dir);
  cleanups.push(async () => {
    await db.close();
    await rm(dir, { recursive: true, force: true });
  });
  return db;
}

const meta = (nextSeq: number): StoredMeta => ({
  v: 1,
  bytes: nextSeq,
  updateCount: nextSeq,
  totalUpdates: nextSeq,
  title: null,
  createdAt: 1,
  updatedAt: 1,
  nextSeq,
  baseBytes: 0,
  epoch: 'e',
  compactions: 0,
});

describe('createMetaCache', () => {
  it('reads a record from LevelDB once, then serves it (and what the store set) from memory', async () => {
    const db = await tempDb();
    await db.put(metaKey('doc'), encodeStoredMeta('doc', meta(3)));
    const gets: string[] = [];
    const counting = {
      get: (key: Uint8Array) => {
        gets.push(Buffer.from(key).toString());
        return db.get(key);
      },
    } as unknown as LevelDb;
    const cache = createMetaCache(counting);
    expect((await cache.read('doc'))?.nextSeq).toBe(3);
    expect((await cache.read('doc'))?.nextSeq).toBe(3);
    expect(gets).toHaveLength(1);
    cache.set('doc', meta(4));
    expect((await cache.read('doc'))?.nextSeq).toBe(4);
    expect(await cache.read('missing')).toBeNull();
    expect(await cache.read('missing')).toBeNull();
    expect(gets).toHaveLength(2);
  });

  it('keeps at most maxEntries, dropping the least recently used, which is read from disk again', async () => {
    const db = await tempDb();
    for (const [name, seq] of [
      ['a', 1],
      ['b', 2],
      ['c', 3],
    ] as const)
      await db.put(metaKey(name), encodeStoredMeta(name, meta(seq)));
    const cache = createMetaCache(db, 2);
    await cache.read('a');
    await cache.read('b');
    await cache.read('a'); // a is now the most recent
    await cache.read('c'); // evicts b
    expect(cache.size).toBe(2);
    await db.put(metaKey('b'), encodeStoredMeta('b', meta(20)));
    expect((await cache.read('b'))?.nextSeq).toBe(20);
  });

  it('a corrupt record is a StoreError naming the doc', async () => {
    const db = await tempDb();
    await db.put(metaKey('bad'), Uint8Array.of(1, 2, 3));
    await expect(createMetaCache(db).read('bad')).rejects.toThrow(/corrupt metadata record.*"bad"/);
  });
});
