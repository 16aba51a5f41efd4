import { afterEach, describe, expect, it } from 'vitest';
import { createTempLevelStore, type TempLevelStore } from '../../test/tempLevelStore.js';
import { contentOf, createRecordingDoc, docFromUpdate, type RecordingDoc } from '../contract/recordingDoc.js';
import { sealValue } from './checkedValue.js';
import { metaKey, updateKey } from './keys.js';
import { StoreError } from '../storeError.js';

const fixtures: TempLevelStore[] = [];
afterEach(async () => {
  await Promise.all(fixtures.splice(0).map((fixture) => fixture.destroy().catch(() => undefined)));
});

async function storeWithDocs(names: string[]): Promise<{ fixture: TempLevelStore; sources: Map<string, RecordingDoc> }> {
  const fixture = await createTempLevelStore({ compactAfterUpdates: 20 });
  fixtures.push(fixture);
  const sources = new Map<string, RecordingDoc>();
  for (const name of names) {
    const source = createRecordingDoc();
    source.type(`text of ${name}`);
    for (const update of source.takeUpdates()) await fixture.store.append(name, [update]);
    sources.set(name, source);
  }
  return { fixture, sources };
}

const garbage = new TextEncoder().encode('garbage value!');

describe('LevelDB store with corrupt data', () => {
  it('a corrupt update fails that doc load with its name; other docs load', async () => {
    const { fixture, sources } = await storeWithDocs(['alpha', 'beta', 'gamma']);
    // Sealed with a valid checksum: the bytes are what was written, but no Yjs update.
    await fixture.withRawDb((db) => db.put(updateKey('beta', 3), sealValue(updateKey('beta', 3), garbage)));
    const store = await fixture.reopen();

    const error = await store.load('beta').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).docName).toBe('beta');
    expect((error as StoreError).message).toMatch(/corrupt stored update.*"beta"/);
    expect((error as StoreError).cause).toBeDefined();

    for (const name of ['alpha', 'gamma']) {
      const loaded = await store.load(name);
      expect(contentOf(docFromUpdate(loaded?.update ?? new Uint8Array()))).toEqual(contentOf((sources.get(name) as RecordingDoc).doc));
    }
    expect((await store.list()).docs.map((doc) => doc.name)).toEqual(['alpha', 'beta', 'gamma']);
  });

  it('a corrupt metadata record fails that doc (getMeta, load, append) with its name; the list marks it', async () => {
    const { fixture } = await storeWithDocs(['good', 'bad']);
    await fixture.withRawDb((db) => db.put(metaKey('bad'), new TextEncoder().encode('{"v":1,"bytes":')));
    const store = await fixture.reopen();
    await expect(store.getMeta('bad')).rejects.toThrow(/corrupt metadata.*"bad"/);
    await expect(store.load('bad')).rejects.toThrow(/"bad"/);
    await expect(store.append('bad', [Uint8Array.of(0, 0)])).rejects.toThrow(/"bad"/);
    // The list names it, marked damaged, instead of failing for every doc.
    expect((await store.list()).docs).toEqual([
      expect.objectContaining({ name: 'bad', damaged: expect.stringMatching(/corrupt metadata record/) }),
      expect.objectContaining({ name: 'good', title: null }),
    ]);
    expect((await store.getMeta('good'))?.name).toBe('good');
    expect(await store.load('good')).not.toBeNull();
  });

  it('metadata that disagrees with the stored records fails the load with the doc name', async () => {
    const { fixture } = await storeWithDocs(['gappy']);
    await fixture.withRawDb((db) => db.del(updateKey('gappy', 2)));
    const store = await fixture.reopen();
    await expect(store.load('gappy')).rejects.toThrow(/lists 14 updates but 13 are stored.*"gappy"/);
  });

  it('a failed online compaction keeps the records, keeps accepting appends and reports the error', async () => {
    const { fixture } = await storeWithDocs(['broken']);
    await fixture.withRawDb((db) => db.put(updateKey('broken', 1), garbage));
    const reported: StoreError[] = [];
    const store = await fixture.reopenWith({ compactAfterUpdates: 20, onBackgroundError: (e) => reported.push(e) });
    const more = createRecordingDoc(77);
    more.type('0123456789');
    for (const update of more.takeUpdates()) await store.append('broken', [update]);
    await expect.poll(() => reported.length > 0, { timeout: 5000, message: 'background error report' }).toBe(true);
    expect(reported[0]?.docName).toBe('broken');
    expect(reported[0]?.message).toMatch(/online compaction failed.*"broken".*corrupt stored update/);
    const meta = await store.getMeta('broken');
    expect(meta?.updateCount).toBe(26);
    expect(meta?.totalUpdates).toBe(26);
  });

  it('without onBackgroundError, close() rejects with the unreported compaction failure', async () => {
    const { fixture } = await storeWithDocs(['broken2']);
    await fixture.withRawDb((db) => db.put(updateKey('broken2', 1), garbage));
    const store = await fixture.reopenWith({ compactAfterUpdates: 20 });
    const more = createRecordingDoc(78);
    more.type('abcdef');
    for (const update of more.takeUpdates()) await store.append('broken2', [update]);
    await expect(store.close()).rejects.toThrow(/online compaction failed.*"broken2"/);
  });

  it('an onBackgroundError handler that throws does not crash; close() reports it', async () => {
    const { fixture } = await storeWithDocs(['broken3']);
    await fixture.withRawDb((db) => db.put(updateKey('broken3', 1), garbage));
    let calls = 0;
    const store = await fixture.reopenWith({
      compactAfterUpdates: 20,
      onBackgroundError: () => {
        calls += 1;
        throw new Error('handler bug');
      },
    });
    const more = createRecordingDoc(79);
    more.type('abcdef');
    for (const update of more.takeUpdates()) await store.append('broken3', [update]);
    await expect.poll(() => calls > 0, { timeout: 5000, message: 'handler call' }).toBe(true);
    await expect(store.close()).rejects.toThrow(/onBackgroundError threw.*"broken3".*handler bug/);
  });
});
