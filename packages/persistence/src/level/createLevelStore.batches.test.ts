import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTempLevelStore, type TempLevelStore } from '../../test/tempLevelStore.js';
import { contentOf, createRecordingDoc, docFromUpdate } from '../contract/recordingDoc.js';
import { createLevelStore } from './createLevelStore.js';
import { batchRange } from './keys.js';

const fixtures: TempLevelStore[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const fixture of fixtures.splice(0)) await fixture.destroy();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function tempStore(options: Parameters<typeof createTempLevelStore>[0] = {}): Promise<TempLevelStore> {
  const fixture = await createTempLevelStore(options);
  fixtures.push(fixture);
  return fixture;
}

describe('LevelDB store: batch records', () => {
  it('keeps authors through a crash: the journal replay restores them', async () => {
    const fixture = await tempStore();
    const source = createRecordingDoc();
    source.type('by ada');
    await fixture.store.append('crashy', source.takeUpdates(), { author: 'ada' });
    source.type(' and grace');
    const second = await fixture.store.append('crashy', source.takeUpdates(), { author: 'grace' });
    // A copy of the directory as a SIGKILL would leave it: journalled, not checkpointed.
    const copy = mkdtempSync(join(tmpdir(), 'tandem-crash-'));
    dirs.push(copy);
    cpSync(fixture.dir, copy, { recursive: true });
    rmSync(join(copy, 'LOCK'), { force: true });
    const recovered = await createLevelStore({ dir: copy });
    try {
      const batches = (await recovered.readAfter('crashy', 0)) ?? [];
      expect(batches.map((batch) => batch.authors)).toEqual([['ada'], ['grace']]);
      expect(batches.at(-1)?.seq).toBe(second.seq);
    } finally {
      await recovered.close();
    }
  });

  it('merges batch records in a compaction: one record covering them all, with every author', async () => {
    const fixture = await tempStore({ compactAfterUpdates: 4 });
    const source = createRecordingDoc();
    for (const author of ['ada', 'grace', 'ada', 'linus', 'grace']) {
      source.type(`${author} `);
      await fixture.store.append('merged', source.takeUpdates(), { author });
    }
    await expect.poll(async () => ((await fixture.store.readAfter('merged', 0)) ?? []).length, { timeout: 10_000 }).toBeLessThan(5);
    const batches = (await fixture.store.readAfter('merged', 0)) ?? [];
    expect(batches[0]?.firstSeq).toBe(1);
    expect(batches.flatMap((batch) => batch.authors)).toEqual(expect.arrayContaining(['ada', 'grace', 'linus']));
    const doc = docFromUpdate((await fixture.store.load('merged'))?.update ?? new Uint8Array());
    expect(contentOf(doc)).toEqual(contentOf(source.doc));
  });

  it('reads data stored before batches were recorded as one batch per update, without author', async () => {
    const fixture = await tempStore({ compactAfterUpdates: Number.POSITIVE_INFINITY });
    const source = createRecordingDoc();
    source.type('old');
    await fixture.store.append('legacy', source.takeUpdates(), { author: 'ada' });
    await fixture.store.close();
    await fixture.withRawDb(async (db) => {
      for await (const key of db.keys(batchRange('legacy'))) await db.del(key);
    });
    const reopened = await fixture.reopen();
    const batches = (await reopened.readAfter('legacy', 0)) ?? [];
    expect(batches.map((batch) => [batch.firstSeq, batch.seq, batch.authors, batch.storedAt])).toEqual(
      source.updates.map((_, i) => [i + 1, i + 1, [], null]),
    );
  });
});
