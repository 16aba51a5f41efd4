import type { ClassicLevel } from 'classic-level';
import { afterEach, describe, expect, it } from 'vitest';
import { createTempLevelStore, type TempLevelStore } from '../../test/tempLevelStore.js';
import { createRecordingDoc } from '../contract/recordingDoc.js';
import type { DocVersion, DocumentStore } from '../documentStore.js';
import { versionIndexRange, versionRange } from './keys.js';
import { decodeVersion } from './storedVersion.js';

const fixtures: TempLevelStore[] = [];
afterEach(async () => {
  await Promise.all(fixtures.splice(0).map((fixture) => fixture.destroy()));
});

type RawDb = ClassicLevel<Uint8Array, Uint8Array>;

/** The doc's versions as their own records say, newest first (what a list must answer). */
async function versionRecords(db: RawDb, name: string): Promise<DocVersion[]> {
  const entries = await db.iterator(versionRange(name)).all();
  return entries.map(([key, value]) => decodeVersion(key, value)).reverse();
}

const indexPages = async (db: RawDb, name: string) => (await db.keys(versionIndexRange(name)).all()).length;

/** `count` versions, at 3, 5, 7… (each append its own batch, so every seq ends one). */
async function writeVersions(store: DocumentStore, name: string, count: number): Promise<void> {
  const source = createRecordingDoc();
  for (let i = 0; i < count; i++) {
    for (const author of ['ada', 'grace']) {
      source.type(author === 'ada' ? 'a' : 'g');
      await store.append(name, source.takeUpdates(), { author });
    }
    await store.createVersion(name, { kind: 'auto' });
  }
}

const listAll = async (store: DocumentStore, name: string) => (await store.listVersions(name, { limit: 10_000 }))?.versions;

describe('LevelDB store: the version index', () => {
  it('lists what the version records hold, across pages, after versions named in between, deleted, and a restart', async () => {
    const fixture = await createTempLevelStore({ compactAfterUpdates: 1_000_000 });
    fixtures.push(fixture);
    await writeVersions(fixture.store, 'doc', 600);
    // Versions at the odd numbers in between, some deleted (the next one kept takes their authors).
    for (const seq of [4, 302, 600, 1000, 1198]) await fixture.store.createVersion('doc', { kind: 'named', name: `at ${seq}`, seq });
    expect(await fixture.store.deleteVersions('doc', [3, 5, 301, 303, 801, 1201])).toBe(6);
    const listed = await listAll(fixture.store, 'doc');
    const { expected, pages } = await fixture.withRawDb(async (db) => ({
      expected: await versionRecords(db, 'doc'),
      pages: await indexPages(db, 'doc'),
    }));
    expect(expected).toHaveLength(599);
    expect(listed).toEqual(expected);
    expect(pages).toBeGreaterThan(2);
    const store = await fixture.reopen();
    expect(await listAll(store, 'doc')).toEqual(expected);
    expect((await store.listVersions('doc', { limit: 2, before: 600 }))?.versions.map((version) => version.seq)).toEqual([599, 597]);
  });

  it('indexes versions written before the index on first use, and keeps it up to date from there', async () => {
    const fixture = await createTempLevelStore({ compactAfterUpdates: 1_000_000 });
    fixtures.push(fixture);
    await writeVersions(fixture.store, 'old', 300);
    const expected = await fixture.withRawDb(async (db) => {
      await db.batch((await db.keys(versionIndexRange('old')).all()).map((key) => ({ type: 'del' as const, key })));
      return versionRecords(db, 'old');
    });
    let store = await fixture.reopen();
    expect(await listAll(store, 'old')).toEqual(expected);
    expect(await fixture.withRawDb((db) => indexPages(db, 'old'))).toBeGreaterThan(1);
    store = await fixture.reopen();
    await store.createVersion('old', { kind: 'named', name: 'middle', seq: 302 });
    const after = await fixture.withRawDb((db) => versionRecords(db, 'old'));
    expect(after).toHaveLength(301);
    expect(await listAll(await fixture.reopen(), 'old')).toEqual(after);
  });

  it('a damaged index page fails the list with the doc’s name; deleting the doc removes the index', async () => {
    const fixture = await createTempLevelStore();
    fixtures.push(fixture);
    await writeVersions(fixture.store, 'bad', 3);
    await fixture.withRawDb(async (db) => {
      const [[key, value]] = (await db.iterator(versionIndexRange('bad')).all()) as [[Uint8Array, Uint8Array]];
      const damaged = Uint8Array.from(value);
      damaged[damaged.length - 2] = (damaged.at(-2) ?? 0) ^ 0xff;
      await db.put(key, damaged);
    });
    const store = await fixture.reopen();
    await expect(store.listVersions('bad', {})).rejects.toThrow(/corrupt version index record.*"bad"/);
    await store.delete('bad');
    expect(await fixture.withRawDb((db) => indexPages(db, 'bad'))).toBe(0);
  });
});
