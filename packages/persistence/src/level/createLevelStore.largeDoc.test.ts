import * as Y from 'yjs';
import { afterEach, describe, expect, it } from 'vitest';
import { createTempLevelStore, type TempLevelStore } from '../../test/tempLevelStore.js';
import { contentOf, createRecordingDoc, docFromUpdate, type RecordingDoc } from '../contract/recordingDoc.js';
import { updateKey } from './keys.js';
import { workerMergeThresholdBytes } from './mergeSnapshot.js';

const fixtures: TempLevelStore[] = [];
afterEach(async () => {
  await Promise.all(fixtures.splice(0).map((fixture) => fixture.destroy().catch(() => undefined)));
});

/** A doc of ~400 KiB (over the worker threshold) written as one update, plus `edits` keystrokes. */
async function storeLargeDoc(
  options: Parameters<typeof createTempLevelStore>[0],
  edits: number,
): Promise<{ fixture: TempLevelStore; source: RecordingDoc }> {
  const fixture = await createTempLevelStore(options);
  fixtures.push(fixture);
  const source = createRecordingDoc();
  const fragment = source.doc.getXmlFragment('default');
  source.doc.transact(() => {
    for (let i = 0; i < 800; i += 1) {
      const paragraph = new Y.XmlElement('paragraph');
      paragraph.insert(0, [new Y.XmlText(`Paragraph ${i}. ${'lorem ipsum dolor sit amet '.repeat(18)}`)]);
      fragment.insert(fragment.length, [paragraph]);
    }
  });
  await fixture.store.append('large', source.takeUpdates());
  for (let i = 0; i < edits; i += 1) {
    source.type('k', i % 800);
    await fixture.store.append('large', source.takeUpdates());
  }
  return { fixture, source };
}

function expectSame(update: Uint8Array | undefined, source: RecordingDoc): void {
  const restored = docFromUpdate(update ?? new Uint8Array());
  expect(contentOf(restored)).toEqual(contentOf(source.doc));
  expect(Y.encodeStateVector(restored)).toEqual(Y.encodeStateVector(source.doc));
}

describe('LevelDB store with large docs (merged in the worker thread)', () => {
  it('compacts a large doc online with the same state', async () => {
    const { fixture, source } = await storeLargeDoc({ compactAfterUpdates: 30 }, 40);
    expect(source.updates[0]?.length).toBeGreaterThan(workerMergeThresholdBytes);
    await expect
      .poll(async () => ((await fixture.store.getMeta('large'))?.updateCount ?? 99) < 30, {
        timeout: 5000,
        message: 'large doc compaction',
      })
      .toBe(true);
    expectSame((await fixture.store.load('large'))?.update, source);
    const reopened = await fixture.reopen();
    expectSame((await reopened.load('large'))?.update, source);
  });

  it('close waits for a load that is still merging; the load resolves', async () => {
    const { fixture, source } = await storeLargeDoc({ compactAfterUpdates: Number.POSITIVE_INFINITY }, 20);
    const store = await fixture.reopen();
    const loading = store.load('large');
    await store.close();
    expectSame((await loading)?.update, source);
  });

  it('a corrupt record in a large doc fails its load with the doc name', async () => {
    const { fixture } = await storeLargeDoc({ compactAfterUpdates: Number.POSITIVE_INFINITY }, 5);
    await fixture.withRawDb((db) => db.put(updateKey('large', 3), Uint8Array.of(255, 255, 255, 255)));
    const store = await fixture.reopen();
    await expect(store.load('large')).rejects.toThrow(/corrupt stored update \(record 4 of 6\).*"large"/);
  });
});
