import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTempLevelStore, type TempLevelStore } from '../../test/tempLevelStore.js';
import { createRecordingDoc } from '../contract/recordingDoc.js';
import type { DocumentStore } from '../documentStore.js';

const fixtures: TempLevelStore[] = [];
afterEach(async () => {
  await Promise.all(fixtures.splice(0).map((fixture) => fixture.destroy()));
});

/** Bytes of LevelDB's table and log files (the journal is emptied by checkpoints either way). */
function levelDbBytes(dir: string): number {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.ldb') || file.endsWith('.log'))
    .reduce((total, file) => total + sizeOrZero(join(dir, file)), 0);
}

/** A file LevelDB removed (compaction) between the listing and the stat counts as 0 bytes. */
function sizeOrZero(path: string): number {
  try {
    return statSync(path).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
}

/** 1,200 keystroke-sized updates of 60 characters each; compaction every 200 records. */
async function editLongDoc(store: DocumentStore, name: string): Promise<number> {
  const source = createRecordingDoc();
  for (let i = 0; i < 1200; i++) {
    source.type(`${String(i).padStart(6, '0')} ${'x'.repeat(53)}`);
    await store.append(name, source.takeUpdates());
  }
  await expect
    .poll(async () => ((await store.getMeta(name))?.updateCount ?? Number.POSITIVE_INFINITY) < 200, {
      timeout: 20_000,
      message: 'online compaction to catch up',
    })
    .toBe(true);
  return (await store.getMeta(name))?.bytes ?? 0;
}

const storeOptions = { compactAfterUpdates: 200, checkpointIntervalMs: 5 };
/** Each test writes and compacts ~1,000 appends twice and waits up to 20 s for LevelDB: 5 s was too short on a slow day (6.9 s). */
const diskTestTimeoutMs = 60_000;

describe('LevelDB store disk space', () => {
  it(
    "rewrites a compacted doc's key range, so the files shrink to about its size (and stay large without it)",
    async () => {
      const reclaiming = await createTempLevelStore({ ...storeOptions, reclaimDiskAfterMs: 0 });
      const leaving = await createTempLevelStore({ ...storeOptions, reclaimDiskAfterMs: Number.POSITIVE_INFINITY });
      fixtures.push(reclaiming, leaving);
      const storedBytes = await editLongDoc(reclaiming.store, 'essay');
      await editLongDoc(leaving.store, 'essay');
      expect(storedBytes).toBeGreaterThan(60_000);

      await expect
        .poll(() => levelDbBytes(reclaiming.dir) < 2 * storedBytes, {
          timeout: 20_000,
          message: `LevelDB files under twice the stored ${storedBytes} bytes`,
        })
        .toBe(true);
      // The replaced records are still in LevelDB's files of the store that leaves it to LevelDB.
      expect(levelDbBytes(leaving.dir)).toBeGreaterThan(4 * storedBytes);
      // Nothing was lost by the rewrite.
      const reopened = await reclaiming.reopen();
      expect((await reopened.getMeta('essay'))?.bytes).toBe(storedBytes);
      expect(await reopened.load('essay')).not.toBeNull();
    },
    diskTestTimeoutMs,
  );

  it(
    "gives a deleted doc's space back, and keeps the other docs",
    async () => {
      const fixture = await createTempLevelStore({ ...storeOptions, reclaimDiskAfterMs: 0 });
      fixtures.push(fixture);
      const storedBytes = await editLongDoc(fixture.store, 'doomed');
      const source = createRecordingDoc();
      source.type('kept');
      await fixture.store.append('kept', source.takeUpdates());
      const keptBefore = await fixture.store.getMeta('kept');
      await expect.poll(() => levelDbBytes(fixture.dir) < 2 * storedBytes, { timeout: 20_000, message: 'the compacted size' }).toBe(true);

      await fixture.store.delete('doomed');
      await expect
        .poll(() => levelDbBytes(fixture.dir) < storedBytes / 4, {
          timeout: 20_000,
          message: `LevelDB files under a quarter of the deleted doc's ${storedBytes} bytes`,
        })
        .toBe(true);
      const reopened = await fixture.reopen();
      expect(await reopened.getMeta('doomed')).toBeNull();
      expect((await reopened.getMeta('kept'))?.bytes).toBe(keptBefore?.bytes);
      expect(await reopened.load('kept')).not.toBeNull();
    },
    diskTestTimeoutMs,
  );
});
