import { randomBytes } from 'node:crypto';
import { mkdirSync, statfsSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { mountTmpfs } from '../../test/tmpfs.js';
import { createLevelStore, reopenMinFreeBytes } from './createLevelStore.js';
import type { DocumentStore } from '../documentStore.js';
import type { StoreError } from '../storeError.js';

/**
 * Item 5 of issue #15: when the disk filled while LevelDB wrote a table of its own, LevelDB kept
 * that error for good: after space was freed the store still could not write (readiness 503, docs
 * failing, close() failing), and only a restart healed it. The store now reopens LevelDB and
 * replays its journal by itself once the disk has room again, losing nothing acknowledged.
 */
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const disk = mountTmpfs(reopenMinFreeBytes + 8 * 1024 * 1024);
const smallDisk = disk === null ? null : mountTmpfs(1024 * 1024);
afterAll(() => {
  disk?.unmount();
  smallDisk?.unmount();
});

describe.skipIf(disk === null)('LevelDB store on a full disk', () => {
  it('recovers by itself once space is freed: appends, list and close work again, nothing acknowledged is lost', async () => {
    const { dir: mount } = disk as NonNullable<typeof disk>;
    const dir = join(mount, 'store');
    mkdirSync(dir);
    const errors: StoreError[] = [];
    const options = {
      dir,
      checkpointIntervalMs: 20,
      compactAfterUpdates: Number.POSITIVE_INFINITY,
      compactAfterBytes: Number.POSITIVE_INFINITY,
      onBackgroundError: (error: StoreError) => errors.push(error),
    };
    let store: DocumentStore = await createLevelStore({ ...options, reclaimDiskAfterMs: 0 });
    cleanups.push(() => store.close().catch(() => {}));
    // Most of a LevelDB memtable (1 MiB) of checkpointed appends, while there is room.
    const acknowledged = new Map<string, Uint8Array[]>();
    for (let i = 0; i < 40; i++) {
      const name = `doc-${i % 5}`;
      const update = randomBytes(20_000);
      await store.append(name, [update]);
      acknowledged.set(name, [...(acknowledged.get(name) ?? []), update]);
    }
    for (const name of acknowledged.keys()) await store.loadUpdates(name);
    // Then the disk fills up, and LevelDB has to write that memtable into a table (a delete's disk
    // reclaim asks it to): the table write fails, and LevelDB keeps that error.
    const filler = join(mount, 'filler');
    const { bavail, bsize } = statfsSync(mount);
    writeFileSync(filler, Buffer.alloc(bavail * bsize - 64 * 1024));
    await store.append('throwaway', [Uint8Array.of(1)]);
    await store.delete('throwaway');
    await expect
      .poll(
        () =>
          store.checkWritable().then(
            () => false,
            (error: Error) => /space left/i.test(error.message),
          ),
        { timeout: 5000, message: 'LevelDB failing to write its table' },
      )
      .toBe(true);
    // Appends still go to the journal, and the list does not need LevelDB to write: it names every doc.
    const late = Uint8Array.of(7, 7, 7);
    await store.append('doc-0', [late]);
    acknowledged.get('doc-0')?.push(late);
    expect((await store.list()).docs.map((doc) => doc.name)).toEqual([...acknowledged.keys()].sort());

    unlinkSync(filler);
    await expect
      .poll(
        () =>
          store.checkWritable().then(
            () => true,
            () => false,
          ),
        { timeout: 20_000, message: 'the store to recover' },
      )
      .toBe(true);
    await store.append('after', [Uint8Array.of(1, 2, 3)]);
    expect((await store.list()).docs.map((doc) => doc.name)).toEqual(['after', ...[...acknowledged.keys()].sort()]);
    for (const [name, updates] of acknowledged) {
      expect(
        (await store.loadUpdates(name))?.updates.map((update) => Buffer.from(update).toString('hex')),
        name,
      ).toEqual(updates.map((update) => Buffer.from(update).toString('hex')));
    }
    await store.close();
    store = await createLevelStore(options);
    for (const [name, updates] of acknowledged) expect((await store.loadUpdates(name))?.updates.length, name).toBe(updates.length);
  }, 60_000);

  it('cannot open on a disk that is full, and says so', async () => {
    const { dir: mount } = smallDisk as NonNullable<typeof smallDisk>;
    const dir = join(mount, 'store');
    const store = await createLevelStore({ dir });
    await store.append('doc', [Uint8Array.of(1)]);
    await store.close();
    const { bavail, bsize } = statfsSync(mount);
    writeFileSync(join(mount, 'filler'), Buffer.alloc(bavail * bsize));
    await expect(createLevelStore({ dir })).rejects.toThrow(/the disk holding .* is full \(0 bytes free\); free some space/);
  });
});
