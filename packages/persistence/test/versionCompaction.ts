import * as Y from 'yjs';
import { expect } from 'vitest';
import { contentOf, createRecordingDoc } from '../src/contract/recordingDoc.js';
import type { ContractFixture } from '../src/contract/contractFixture.js';
import type { DocumentStore } from '../src/documentStore.js';

async function stateAt(store: DocumentStore, name: string, seq: number) {
  const doc = new Y.Doc();
  for (const batch of (await store.readThrough(name, seq)) ?? []) for (const update of batch.updates) Y.applyUpdate(doc, update);
  return contentOf(doc);
}

/**
 * Storage stays bounded with versions: on a store that compacts after 10 records, 300 keystrokes
 * with a version every 30 end up as about one record per span between versions; deleting versions
 * lets the next compaction merge the spans around them; every state kept stays readable.
 */
export async function expectVersionsBoundStorage(fixture: ContractFixture): Promise<void> {
  const { store } = fixture;
  const source = createRecordingDoc();
  const versions: { seq: number; content: ReturnType<typeof contentOf> }[] = [];
  for (let step = 1; step <= 300; step++) {
    if (step % 7 === 0) source.erase(0, 1);
    else source.type(String.fromCharCode(97 + (step % 26)));
    await store.append('bounded', source.takeUpdates(), { author: step % 2 === 0 ? 'ada' : 'grace' });
    if (step % 30 === 0) {
      const version = await store.createVersion('bounded', { kind: 'auto' });
      versions.push({ seq: version?.seq as number, content: contentOf(source.doc) });
    }
  }
  // Ten spans (the last ends at the last version): one record each, give or take what came after the last compaction.
  await expect.poll(async () => (await store.getMeta('bounded'))?.updateCount, { timeout: 10_000 }).toBeLessThanOrEqual(10 + 10);
  for (const version of versions) expect(await stateAt(store, 'bounded', version.seq)).toEqual(version.content);
  const thinned = versions.filter((_, i) => i % 3 !== 2);
  await store.deleteVersions(
    'bounded',
    versions.filter((version) => !thinned.includes(version)).map((version) => version.seq),
  );
  for (let step = 0; step < 12; step++) {
    source.type('z');
    await store.append('bounded', source.takeUpdates());
  }
  // The next compaction merges the spans on both sides of each deleted version: one batch per version kept.
  const lastKept = (thinned.at(-1) as { seq: number }).seq;
  await expect
    .poll(async () => ((await store.readAfter('bounded', 0)) ?? []).filter((batch) => batch.seq <= lastKept).map((batch) => batch.seq), {
      timeout: 10_000,
    })
    .toEqual(thinned.map((version) => version.seq));
  const reopened = await fixture.reopen();
  for (const version of thinned) expect(await stateAt(reopened, 'bounded', version.seq)).toEqual(version.content);
  const all = (await reopened.readAfter('bounded', 0)) ?? [];
  const doc = new Y.Doc();
  for (const batch of all) for (const update of batch.updates) Y.applyUpdate(doc, update);
  expect(contentOf(doc)).toEqual(contentOf(source.doc));
}
