import * as Y from 'yjs';
import { afterEach, describe, expect, it } from 'vitest';
import { allKeys } from '../../test/rawDb.js';
import { createTempLevelStore, type TempLevelStore } from '../../test/tempLevelStore.js';
import { contentOf, createRecordingDoc, docFromUpdate } from '../contract/recordingDoc.js';
import { createLevelStore } from './createLevelStore.js';
import { StoreError } from '../storeError.js';

const fixtures: TempLevelStore[] = [];
async function tempStore(options: Parameters<typeof createTempLevelStore>[0] = {}): Promise<TempLevelStore> {
  const fixture = await createTempLevelStore(options);
  fixtures.push(fixture);
  return fixture;
}
afterEach(async () => {
  await Promise.all(fixtures.splice(0).map((fixture) => fixture.destroy()));
});

describe('LevelDB store lifecycle', () => {
  it('close waits for a compaction triggered by the last append', async () => {
    const fixture = await tempStore();
    const source = createRecordingDoc();
    source.type('c'.repeat(499));
    const updates = source.takeUpdates();
    expect(updates).toHaveLength(500);
    for (const update of updates) await fixture.store.append('closing', [update]);
    await fixture.store.close();
    const reopened = await fixture.reopen();
    expect(await reopened.getMeta('closing')).toMatchObject({ updateCount: 1, totalUpdates: 500 });
  });

  it('fsync mode (sync: true) appends, compacts, deletes and survives reopen', async () => {
    const fixture = await tempStore({ sync: true, compactAfterUpdates: 10 });
    const source = createRecordingDoc();
    source.type('synced text');
    for (const update of source.takeUpdates()) await fixture.store.append('synced', [update], { title: 'Synced' });
    await fixture.store.append('temp', source.updates.slice(0, 2));
    await fixture.store.delete('temp');
    await fixture.store.checkWritable();
    const reopened = await fixture.reopen();
    const loaded = await reopened.load('synced');
    expect(loaded?.meta).toMatchObject({ title: 'Synced', totalUpdates: source.updates.length });
    expect(loaded?.meta.updateCount).toBeLessThan(source.updates.length);
    expect(contentOf(docFromUpdate(loaded?.update ?? new Uint8Array()))).toEqual(contentOf(source.doc));
    expect(Y.encodeStateVector(docFromUpdate(loaded?.update ?? new Uint8Array()))).toEqual(Y.encodeStateVector(source.doc));
    expect(await reopened.getMeta('temp')).toBeNull();
  });

  it('leaves only versioned keys and no probe key behind', async () => {
    const fixture = await tempStore();
    const source = createRecordingDoc();
    source.type('k');
    await fixture.store.append('doc', source.takeUpdates());
    await fixture.store.checkWritable();
    const keys = await fixture.withRawDb(allKeys);
    // The doc's metadata, its two updates (a paragraph, then its text), its batch record and the format key.
    expect(keys, JSON.stringify(keys)).toHaveLength(5);
    expect(keys).toContain('v1\0format');
    for (const key of keys) expect(key.startsWith('v1\0')).toBe(true);
    expect(keys.some((key) => key.includes('probe'))).toBe(false);
  });

  it('rejects opening a directory another store holds, naming the directory', async () => {
    const fixture = await tempStore();
    const error = await createLevelStore({ dir: fixture.dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).message).toContain(fixture.dir);
  });

  it('rejects invalid options before touching the disk', async () => {
    await expect(createLevelStore({ dir: '/nonexistent/never', compactAfterBytes: 0 })).rejects.toThrow(/"compactAfterBytes"/);
  });
});
