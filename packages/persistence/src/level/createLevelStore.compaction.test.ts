import * as Y from 'yjs';
import { afterEach, describe, expect, it } from 'vitest';
import { countUpdateKeys } from '../../test/rawDb.js';
import { createTempLevelStore, type TempLevelStore } from '../../test/tempLevelStore.js';
import { contentOf, createRecordingDoc, docFromUpdate, type RecordingDoc } from '../contract/recordingDoc.js';
import type { DocumentStore } from '../documentStore.js';
import type { CompactionEvent } from './levelStoreOptions.js';

const fixtures: TempLevelStore[] = [];
async function tempStore(options: Parameters<typeof createTempLevelStore>[0] = {}): Promise<TempLevelStore> {
  const fixture = await createTempLevelStore(options);
  fixtures.push(fixture);
  return fixture;
}
afterEach(async () => {
  await Promise.all(fixtures.splice(0).map((fixture) => fixture.destroy()));
});

/** The reference: a doc that applied every raw update, one by one. */
function replay(updates: Uint8Array[]): Y.Doc {
  const doc = new Y.Doc();
  for (const update of updates) Y.applyUpdate(doc, update);
  return doc;
}

async function expectSameAsReplay(store: DocumentStore, name: string, updates: Uint8Array[]): Promise<void> {
  const reference = replay(updates);
  const loaded = await store.load(name);
  if (loaded === null) throw new Error(`${name} not stored`);
  const restored = docFromUpdate(loaded.update);
  expect(Y.encodeStateVector(restored)).toEqual(Y.encodeStateVector(reference));
  expect(loaded.stateVector).toEqual(Y.encodeStateVector(reference));
  expect(contentOf(restored)).toEqual(contentOf(reference));
}

/** Edits like a user: typing across paragraphs, deleting, retitling; one update per keystroke. */
function edit(source: RecordingDoc, step: number): void {
  if (step % 50 === 49) source.setTitle(`Title ${step}`);
  else if (step % 9 === 8) source.erase(0, 1, step % 3);
  else source.type(String.fromCharCode(97 + (step % 26)), step % 3);
}

describe('LevelDB store compaction', () => {
  it('compacts online past 500 updates: same state vector and content, old keys deleted, fewer bytes, same after reopen', async () => {
    const fixture = await tempStore();
    const source = createRecordingDoc();
    for (let step = 0; source.updates.length < 1200; step += 1) {
      edit(source, step);
      await fixture.store.append('essay', source.takeUpdates());
    }
    const total = source.updates.length;
    const raw = source.updates.reduce((n, u) => n + u.length, 0);
    await expect
      .poll(async () => ((await fixture.store.getMeta('essay'))?.updateCount ?? total) < 500, {
        timeout: 5000,
        message: 'compaction of essay',
      })
      .toBe(true);
    const meta = await fixture.store.getMeta('essay');
    expect(meta?.totalUpdates).toBe(total);
    // Two compactions (at 500 records each) removed at least 2 x 499 records.
    expect(total - (meta?.updateCount ?? total)).toBeGreaterThanOrEqual(998);
    // Records after the base are the newest raw updates (one per append); the base replaced the rest.
    const kept = source.updates.slice(total - ((meta?.updateCount ?? 1) - 1));
    const keptBytes = kept.reduce((n, u) => n + u.length, 0);
    expect((meta?.bytes ?? 0) - keptBytes).toBeLessThan((raw - keptBytes) / 2);
    expect(meta?.title).toBeNull();
    await expectSameAsReplay(fixture.store, 'essay', source.updates);

    const reopened = await fixture.reopen();
    const metaAfter = await reopened.getMeta('essay');
    await expectSameAsReplay(reopened, 'essay', source.updates);
    // Unmerged: the compacted base first, then the raw updates appended since, byte for byte.
    const parts = await reopened.loadUpdates('essay');
    expect(parts?.updates.length).toBe(metaAfter?.updateCount);
    expect(parts?.updates.slice(1).map((u) => Buffer.from(u).toString('base64'))).toEqual(
      kept.map((u) => Buffer.from(u).toString('base64')),
    );
    const stored = await fixture.withRawDb((db) => countUpdateKeys(db, 'essay'));
    expect(stored).toBe(metaAfter?.updateCount);
  });

  it('loses nothing when compaction runs while several writers keep appending', async () => {
    const fixture = await tempStore({ compactAfterUpdates: 20 });
    const writers = Array.from({ length: 4 }, (_, i) => createRecordingDoc(500 + i));
    await Promise.all(
      writers.map(async (writer) => {
        for (let step = 0; step < 150; step += 1) {
          edit(writer, step);
          await fixture.store.append('busy', writer.takeUpdates());
        }
      }),
    );
    const all = writers.flatMap((writer) => writer.updates);
    const meta = await fixture.store.getMeta('busy');
    expect(meta?.totalUpdates).toBe(all.length);
    // Compaction runs repeatedly, during the appends and right after them (each commit re-checks
    // the thresholds); otherwise hundreds of records would remain.
    await expect
      .poll(async () => ((await fixture.store.getMeta('busy'))?.updateCount ?? 999) < 100, {
        timeout: 5000,
        message: 'compaction caught up',
      })
      .toBe(true);
    const merged = new Y.Doc();
    for (const writer of writers) Y.applyUpdate(merged, Y.encodeStateAsUpdate(writer.doc));
    await expectSameAsReplay(fixture.store, 'busy', all);
    const reopened = await fixture.reopen();
    await expectSameAsReplay(reopened, 'busy', all);
  });

  it('compacts by bytes since the last compaction, so a large compacted doc does not recompact on every append', async () => {
    const fixture = await tempStore({ compactAfterUpdates: Number.POSITIVE_INFINITY, compactAfterBytes: 20_000 });
    const source = createRecordingDoc();
    source.type('y'.repeat(30));
    const big = new Y.XmlElement('paragraph');
    big.insert(0, [new Y.XmlText('b'.repeat(50_000))]);
    source.doc.getXmlFragment('default').insert(1, [big]);
    await fixture.store.append('big', source.takeUpdates());
    await expect
      .poll(async () => (await fixture.store.getMeta('big'))?.updateCount === 1, { timeout: 5000, message: 'first compaction' })
      .toBe(true);
    const base = await fixture.store.getMeta('big');
    expect(base?.bytes).toBeGreaterThan(50_000);

    for (let i = 0; i < 20; i += 1) {
      source.type('z');
      await fixture.store.append('big', source.takeUpdates());
    }
    // Close waits for any compaction in flight, so the count below is final.
    const reopened = await fixture.reopen();
    expect((await reopened.getMeta('big'))?.updateCount).toBe(21);
    await expectSameAsReplay(reopened, 'big', source.updates);
  });

  it('reports every committed compaction to onCompaction (records merged, bytes before and after, duration)', async () => {
    const events: CompactionEvent[] = [];
    const fixture = await tempStore({ compactAfterUpdates: 50, onCompaction: (event) => events.push(event) });
    const source = createRecordingDoc();
    for (let step = 0; source.updates.length < 120; step += 1) {
      edit(source, step);
      await fixture.store.append('watched', source.takeUpdates());
    }
    // Appends keep flowing while a compaction reads and merges, so the catch-up round may still run.
    await expect
      .poll(async () => ((await fixture.store.getMeta('watched'))?.updateCount ?? 999) < 50, {
        timeout: 5000,
        message: 'compacted below the threshold',
      })
      .toBe(true);
    await fixture.reopen();
    expect(events.length).toBeGreaterThanOrEqual(2);
    for (const event of events) {
      expect(event.docName).toBe('watched');
      expect(event.records).toBeGreaterThanOrEqual(50);
      expect(event.bytesAfter).toBeLessThan(event.bytesBefore);
      expect(event.durationMs).toBeGreaterThanOrEqual(0);
    }
  });

  it('never compacts with both thresholds disabled', async () => {
    const fixture = await tempStore({
      compactAfterUpdates: Number.POSITIVE_INFINITY,
      compactAfterBytes: Number.POSITIVE_INFINITY,
    });
    const source = createRecordingDoc();
    source.type('q'.repeat(600));
    for (const update of source.takeUpdates()) await fixture.store.append('raw', [update]);
    await expectSameAsReplay(fixture.store, 'raw', source.updates);
    const reopened = await fixture.reopen();
    expect((await reopened.getMeta('raw'))?.updateCount).toBe(source.updates.length);
  });

  it('compacts at load a doc stored over the threshold (e.g. written with compaction off)', async () => {
    const fixture = await tempStore({ compactAfterUpdates: Number.POSITIVE_INFINITY });
    const source = createRecordingDoc();
    source.type('w'.repeat(120));
    for (const update of source.takeUpdates()) await fixture.store.append('late', [update]);
    const store = await fixture.reopenWith({ compactAfterUpdates: 100 });
    expect((await store.getMeta('late'))?.updateCount).toBe(121);
    await expectSameAsReplay(store, 'late', source.updates);
    await expect
      .poll(async () => (await store.getMeta('late'))?.updateCount === 1, { timeout: 5000, message: 'compaction at load' })
      .toBe(true);
    await expectSameAsReplay(store, 'late', source.updates);
  });

  it('an unmerged load of a doc over the threshold returns its records and compacts in the background', async () => {
    const fixture = await tempStore({ compactAfterUpdates: Number.POSITIVE_INFINITY });
    const source = createRecordingDoc();
    source.type('u'.repeat(120));
    for (const update of source.takeUpdates()) await fixture.store.append('unmerged', [update]);
    const store = await fixture.reopenWith({ compactAfterUpdates: 100 });
    const parts = await store.loadUpdates('unmerged');
    expect(parts?.updates.length).toBe(121);
    await expect
      .poll(async () => (await store.getMeta('unmerged'))?.updateCount === 1, {
        timeout: 5000,
        message: 'compaction after an unmerged load',
      })
      .toBe(true);
    expect((await store.loadUpdates('unmerged'))?.updates.length).toBe(1);
    await expectSameAsReplay(store, 'unmerged', source.updates);
  });

  it('a delete (and re-create) while a compaction is merging wins: nothing of the old doc is left', async () => {
    const fixture = await tempStore({ compactAfterUpdates: 10 });
    const old = createRecordingDoc();
    old.type('d'.repeat(9));
    // The 10th record triggers a compaction whose snapshot is taken before the delete below.
    for (const update of old.takeUpdates()) await fixture.store.append('doomed', [update]);
    const fresh = createRecordingDoc();
    fresh.type('n');
    await Promise.all([fixture.store.delete('doomed'), fixture.store.append('doomed', fresh.takeUpdates())]);
    const reopened = await fixture.reopen();
    expect((await reopened.getMeta('doomed'))?.totalUpdates).toBe(fresh.updates.length);
    await expectSameAsReplay(reopened, 'doomed', fresh.updates);
    expect(await fixture.withRawDb((db) => countUpdateKeys(db, 'doomed'))).toBe(fresh.updates.length);
  });

  it('interleaved loads and appends, each able to trigger a compaction, keep records and metadata consistent', async () => {
    const fixture = await tempStore({ compactAfterUpdates: 4 });
    const source = createRecordingDoc();
    const pending: Promise<unknown>[] = [];
    for (let step = 0; step < 300; step += 1) {
      edit(source, step);
      pending.push(fixture.store.append('mixed', source.takeUpdates()));
      if (step % 3 === 0) pending.push(fixture.store.load('mixed'));
      if (step % 10 === 0) await Promise.all(pending.splice(0));
    }
    await Promise.all(pending);
    await expectSameAsReplay(fixture.store, 'mixed', source.updates);
    const reopened = await fixture.reopen();
    const meta = await reopened.getMeta('mixed');
    expect(meta?.totalUpdates).toBe(source.updates.length);
    await expectSameAsReplay(reopened, 'mixed', source.updates);
    expect(await fixture.withRawDb((db) => countUpdateKeys(db, 'mixed'))).toBe(meta?.updateCount);
  });
});
