import { afterEach, describe, expect, it } from 'vitest';
import { createTempLevelStore, type TempLevelStore } from '../../test/tempLevelStore.js';
import { contentOf, createRecordingDoc, docFromUpdate, type RecordingDoc } from '../contract/recordingDoc.js';
import { formatKey, metaKey, updateKey, updateRange } from './keys.js';
import type { DocumentStore } from '../documentStore.js';
import { StoreError } from '../storeError.js';

/**
 * Item 7 of issue #15: LevelDB does not verify checksums on reads, so a flipped bit inside a stored
 * value used to be served as changed text. Every value now carries a CRC-32 of its key and bytes,
 * checked on every read; a value that fails it fails its doc only.
 */
const fixtures: TempLevelStore[] = [];
afterEach(async () => {
  await Promise.all(fixtures.splice(0).map((fixture) => fixture.destroy().catch(() => undefined)));
});

async function storeWith(texts: Record<string, string>): Promise<{ fixture: TempLevelStore; sources: Map<string, RecordingDoc> }> {
  const fixture = await createTempLevelStore({ compactAfterUpdates: Number.POSITIVE_INFINITY });
  fixtures.push(fixture);
  const sources = new Map<string, RecordingDoc>();
  for (const [name, text] of Object.entries(texts)) {
    const source = createRecordingDoc();
    source.type(text);
    await fixture.store.append(name, source.takeUpdates());
    sources.set(name, source);
  }
  return { fixture, sources };
}

async function expectText(store: DocumentStore, name: string, source: RecordingDoc): Promise<void> {
  const loaded = await store.load(name);
  expect(contentOf(docFromUpdate(loaded?.update ?? new Uint8Array()))).toEqual(contentOf(source.doc));
}

describe('LevelDB store checksums', () => {
  it('a flipped bit anywhere in a stored update fails that doc (load and loadUpdates) with its name; others load', async () => {
    const { fixture, sources } = await storeWith({ left: 'the quick brown fox', flipped: 'jumps over the lazy dog', right: 'and runs' });
    const key = updateKey('flipped', 0);
    const length = await fixture.withRawDb(async (db) => ((await db.get(key)) as Uint8Array).length);
    // Seven trials, each flipping one bit at another place of the value (the text sits near the end).
    for (let trial = 0; trial < 7; trial++) {
      const at = length - 1 - trial * Math.floor(length / 8);
      await fixture.withRawDb(async (db) => {
        const value = Uint8Array.from((await db.get(key)) as Uint8Array);
        value[at] = (value[at] as number) ^ (1 << (trial % 8));
        await db.put(key, value);
      });
      const store = await fixture.reopen();
      for (const load of [() => store.load('flipped'), () => store.loadUpdates('flipped')]) {
        const error = await load().catch((e: unknown) => e);
        expect(error, `trial ${trial}`).toBeInstanceOf(StoreError);
        expect((error as StoreError).docName).toBe('flipped');
        expect((error as StoreError).message).toMatch(/corrupt stored update.*checksum.*"flipped"/);
      }
      await fixture.withRawDb(async (db) => {
        const value = Uint8Array.from((await db.get(key)) as Uint8Array);
        value[at] = (value[at] as number) ^ (1 << (trial % 8));
        await db.put(key, value);
      });
    }
    const store = await fixture.reopen();
    for (const name of ['left', 'flipped', 'right']) await expectText(store, name, sources.get(name) as RecordingDoc);
  });

  it('a flipped bit in a metadata record fails that doc with its name; the list still names it', async () => {
    const { fixture, sources } = await storeWith({ kept: 'kept text', bad: 'bad meta' });
    await fixture.withRawDb(async (db) => {
      const value = Uint8Array.from((await db.get(metaKey('bad'))) as Uint8Array);
      value[value.length - 3] = (value[value.length - 3] as number) ^ 4;
      await db.put(metaKey('bad'), value);
    });
    const store = await fixture.reopen();
    await expect(store.getMeta('bad')).rejects.toThrow(/corrupt metadata record.*"bad".*checksum/);
    await expect(store.load('bad')).rejects.toThrow(/"bad"/);
    await expectText(store, 'kept', sources.get('kept') as RecordingDoc);
  });

  it('a value moved under another key fails its check', async () => {
    const { fixture } = await storeWith({ a: 'text of a', b: 'text of b' });
    await fixture.withRawDb(async (db) => db.put(updateKey('b', 0), (await db.get(updateKey('a', 0))) as Uint8Array));
    const store = await fixture.reopen();
    await expect(store.load('b')).rejects.toThrow(/checksum.*"b"/);
  });

  it('opens a store written before values were sealed, loads it unchanged and seals it', async () => {
    const { fixture, sources } = await storeWith({});
    const source = createRecordingDoc();
    source.type('written by the previous version');
    source.setTitle('Old');
    const updates = source.takeUpdates();
    // The previous version's layout: plain JSON metadata, raw updates, no format key.
    await fixture.withRawDb(async (db) => {
      await db.del(formatKey);
      const bytes = updates.reduce((total, update) => total + update.length, 0);
      const meta = {
        v: 1,
        bytes,
        updateCount: updates.length,
        totalUpdates: updates.length,
        title: 'Old',
        createdAt: 5,
        updatedAt: 6,
        nextSeq: updates.length,
        baseBytes: 0,
        epoch: 'old-epoch',
        compactions: 0,
      };
      await db.put(metaKey('legacy'), new TextEncoder().encode(JSON.stringify(meta)));
      for (const [seq, update] of updates.entries()) await db.put(updateKey('legacy', seq), update);
    });
    sources.set('legacy', source);
    const store = await fixture.reopen();
    expect(await store.getMeta('legacy')).toMatchObject({ title: 'Old', totalUpdates: updates.length, createdAt: 5 });
    await expectText(store, 'legacy', source);
    source.type(' and by this one');
    await store.append('legacy', source.takeUpdates());
    await expectText(store, 'legacy', source);

    // Sealed now: a flipped bit in the old record fails the doc instead of changing its text.
    await fixture.withRawDb(async (db) => {
      expect(new TextDecoder().decode((await db.get(formatKey)) as Uint8Array)).toBe('2');
      for await (const [key, value] of db.iterator(updateRange('legacy'))) {
        const flipped = Uint8Array.from(value);
        flipped[flipped.length - 1] = (flipped[flipped.length - 1] as number) ^ 1;
        await db.put(key, flipped);
        break;
      }
    });
    await expect((await fixture.reopen()).load('legacy')).rejects.toThrow(/checksum.*"legacy"/);
  });
});
