import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import type { DocumentStore, StoredBatch } from '../documentStore.js';
import { attributionOf } from '../versions/attribution.js';
import { containsId, insertedIds } from '../versions/idSets.js';
import type { ContractFixture } from './contractFixture.js';
import { contentOf, createRecordingDoc } from './recordingDoc.js';

/** The content made by applying `batches` in order. */
function contentOfBatches(batches: readonly StoredBatch[]) {
  const doc = new Y.Doc();
  for (const batch of batches) for (const update of batch.updates) Y.applyUpdate(doc, update);
  return contentOf(doc);
}

/** Who wrote which update, as the writer knew it. */
interface Written {
  author: string;
  update: Uint8Array;
}

/**
 * Appends `rounds` single-keystroke batches by three authors in turn, taking an automatic version
 * every `versionEvery` rounds; returns the versions' numbers with the content at each.
 */
async function writeWithVersions(store: DocumentStore, name: string, rounds: number, versionEvery: number) {
  const source = createRecordingDoc();
  const authors = ['ada', 'grace', 'linus'];
  const versions: { seq: number; content: ReturnType<typeof contentOf>; authors: Set<string> }[] = [];
  const written: Written[] = [];
  let since = new Set<string>();
  for (let round = 0; round < rounds; round++) {
    const author = authors[round % authors.length] as string;
    if (round % 7 === 6) source.erase(0, 1, round % 2);
    else source.type(String.fromCharCode(97 + (round % 26)), round % 2);
    const updates = source.takeUpdates();
    await store.append(name, updates, { author });
    for (const update of updates) written.push({ author, update });
    since.add(author);
    if (round % versionEvery === versionEvery - 1) {
      const version = await store.createVersion(name, { kind: 'auto' });
      expect(version).not.toBeNull();
      versions.push({ seq: version?.seq as number, content: contentOf(source.doc), authors: since });
      since = new Set();
    }
  }
  return { source, versions, written };
}

async function expectVersionStates(store: DocumentStore, name: string, versions: { seq: number; content: unknown }[]): Promise<void> {
  for (const version of versions) {
    const batches = await store.readThrough(name, version.seq);
    expect(batches?.at(-1)?.seq, `the batches through ${version.seq} end there`).toBe(version.seq);
    expect(contentOfBatches(batches ?? []), `the state at version ${version.seq}`).toEqual(version.content);
  }
}

export function versionContract(getFixture: () => ContractFixture): void {
  describe('versions', () => {
    it('creates an automatic version at the current number, with the authors since the previous one', async () => {
      const { store } = getFixture();
      const before = Date.now();
      const source = createRecordingDoc();
      source.type('hello');
      const { seq } = await store.append('v-basic', source.takeUpdates(), { author: 'ada' });
      const first = await store.createVersion('v-basic', { kind: 'auto' });
      expect(first).toEqual({ seq, createdAt: expect.any(Number), kind: 'auto', name: null, createdBy: null, authors: ['ada'] });
      expect(first?.createdAt).toBeGreaterThanOrEqual(before);
      source.type(' world');
      const typed = source.takeUpdates();
      await store.append('v-basic', typed.slice(0, 3), { author: 'grace' });
      await store.append('v-basic', typed.slice(3), { author: 'ada' });
      const meta = await store.getMeta('v-basic');
      const second = await store.createVersion('v-basic', { kind: 'named', name: 'Draft 1', createdBy: 'grace' });
      expect(second).toMatchObject({ seq: meta?.seq, kind: 'named', name: 'Draft 1', createdBy: 'grace', authors: ['grace', 'ada'] });
      expect(await store.getVersion('v-basic', seq)).toEqual(first);
      expect(await store.getVersion('v-basic', seq + 1)).toBeNull();
      expect(await store.listVersions('v-basic')).toEqual({ versions: [second, first], nextBefore: null });
    });

    it('makes one version per number: an automatic one where one is returns it, a named one names it', async () => {
      const { store } = getFixture();
      const source = createRecordingDoc();
      source.type('abc');
      await store.append('v-once', source.takeUpdates(), { author: 'ada' });
      const auto = await store.createVersion('v-once', { kind: 'auto' });
      expect(await store.createVersion('v-once', { kind: 'auto' })).toEqual(auto);
      const named = await store.createVersion('v-once', { kind: 'named', name: 'Before the rewrite', createdBy: 'linus' });
      expect(named).toEqual({ ...auto, kind: 'named', name: 'Before the rewrite', createdBy: 'linus' });
      expect((await store.listVersions('v-once'))?.versions).toEqual([named]);
      // minIntervalMs: several processes deciding at once make one version.
      source.type('d');
      const { seq } = await store.append('v-once', source.takeUpdates(), { author: 'grace' });
      expect(await store.createVersion('v-once', { kind: 'auto', minIntervalMs: 60_000 })).toBeNull();
      expect(await store.createVersion('v-once', { kind: 'auto', minIntervalMs: 0 })).toMatchObject({ seq, authors: ['grace'] });
    });

    it('refuses what it cannot version, naming the doc; nothing to version is null', async () => {
      const { store } = getFixture();
      expect(await store.createVersion('v-unknown', { kind: 'auto' })).toBeNull();
      expect(await store.listVersions('v-unknown')).toBeNull();
      expect(await store.readThrough('v-unknown', 0)).toBeNull();
      await store.append('v-title-only', [], { title: 'T' });
      expect(await store.createVersion('v-title-only', { kind: 'auto' })).toBeNull();
      const source = createRecordingDoc();
      source.type('ab');
      const { seq } = await store.append('v-bad', source.takeUpdates());
      await expect(store.createVersion('v-bad', { kind: 'auto', seq: seq + 1 })).rejects.toThrow(/v-bad/);
      await expect(store.createVersion('v-bad', { kind: 'named', name: '' })).rejects.toThrow(/v-bad/);
      await expect(store.createVersion('v-bad', { kind: 'named', name: 'x'.repeat(201) })).rejects.toThrow(/v-bad/);
      await expect(store.createVersion('v-bad', { kind: 'other' } as never)).rejects.toThrow(/v-bad/);
      await expect(store.listVersions('v-bad', { limit: 0 })).rejects.toThrow(/v-bad/);
      await expect(store.deleteVersions('v-bad', [-1])).rejects.toThrow(/v-bad/);
      expect(await store.listVersions('v-bad')).toEqual({ versions: [], nextBefore: null });
    });

    it('a version made at an earlier batch end takes its share of the authors from the next one', async () => {
      const { store } = getFixture();
      const source = createRecordingDoc();
      const ends: number[] = [];
      for (const [i, author] of ['ada', 'grace', 'linus'].entries()) {
        source.type(String(i));
        ends.push((await store.append('v-between', source.takeUpdates(), { author })).seq);
      }
      await store.createVersion('v-between', { kind: 'auto' });
      const middle = ends[1] as number;
      const stillAnEnd = ((await store.readAfter('v-between', 0)) ?? []).some((batch) => batch.seq === middle);
      if (!stillAnEnd) {
        // A compaction merged it into the batches around it: it is no version boundary any more.
        await expect(store.createVersion('v-between', { kind: 'named', name: 'middle', seq: middle })).rejects.toThrow(/v-between/);
        await expect(store.readThrough('v-between', middle)).rejects.toThrow(/v-between/);
        return;
      }
      const version = await store.createVersion('v-between', { kind: 'named', name: 'middle', seq: middle });
      expect(version?.authors).toEqual(['ada', 'grace']);
      expect((await store.getVersion('v-between', ends[2] as number))?.authors).toEqual(['linus']);
      expect(contentOfBatches((await store.readThrough('v-between', middle)) ?? []).content).toContain('01');
    });

    it('lists newest first in pages', async () => {
      const { store } = getFixture();
      const source = createRecordingDoc();
      const made: number[] = [];
      for (let i = 0; i < 25; i++) {
        source.type('x');
        await store.append('v-pages', source.takeUpdates());
        made.unshift((await store.createVersion('v-pages', { kind: 'auto' }))?.seq as number);
      }
      const seen: number[] = [];
      let before: number | null = null;
      do {
        const page = await store.listVersions('v-pages', { before, limit: 10 });
        seen.push(...(page?.versions.map((version) => version.seq) ?? []));
        before = page?.nextBefore ?? null;
      } while (before !== null);
      expect(seen).toEqual(made);
    });

    it('keeps the state at every version through compaction and a restart, and who wrote what', async () => {
      const fixture = getFixture();
      const { source, versions, written } = await writeWithVersions(fixture.store, 'v-states', 620, 40);
      expect((await fixture.store.listVersions('v-states', { limit: 100 }))?.versions.map((version) => version.seq)).toEqual(
        versions.map((version) => version.seq).reverse(),
      );
      for (const version of versions) {
        expect(new Set((await fixture.store.getVersion('v-states', version.seq))?.authors)).toEqual(version.authors);
      }
      await expectVersionStates(fixture.store, 'v-states', versions);
      const reopened = await fixture.reopen();
      await expectVersionStates(reopened, 'v-states', versions);
      const all = (await reopened.readAfter('v-states', 0)) ?? [];
      expect(contentOfBatches(all)).toEqual(contentOf(source.doc));
      // Every update's insertions are attributed to its writer, merged or not.
      for (const { author, update } of written) {
        const inserted = insertedIds(update);
        for (const [client, runs] of inserted.clients) {
          const id = { client, clock: (runs[0] as { clock: number }).clock };
          const holder = all.find((batch) => batch.updates.some((stored) => containsId(insertedIds(stored), id)));
          expect(holder).toBeDefined();
          const attribution = attributionOf(holder as StoredBatch);
          const owner = [...attribution].find(([, sets]) => containsId(sets.inserted, id))?.[0];
          expect(owner, `the author of an update by ${author}`).toBe(author);
        }
      }
    });

    it('deletes versions: their authors join the next one kept, the other states stay readable', async () => {
      const fixture = getFixture();
      const { versions } = await writeWithVersions(fixture.store, 'v-thin', 60, 10);
      const [v1, v2, v3, v4] = versions as [(typeof versions)[0], (typeof versions)[0], (typeof versions)[0], (typeof versions)[0]];
      expect(await fixture.store.deleteVersions('v-thin', [v2.seq, v3.seq, 999_999])).toBe(2);
      const kept = (await fixture.store.listVersions('v-thin'))?.versions.map((version) => version.seq);
      expect(kept).toEqual(
        versions
          .filter((v) => v !== v2 && v !== v3)
          .map((v) => v.seq)
          .reverse(),
      );
      expect(new Set((await fixture.store.getVersion('v-thin', v4.seq))?.authors)).toEqual(
        new Set([...v2.authors, ...v3.authors, ...v4.authors]),
      );
      const rest = versions.filter((v) => v !== v2 && v !== v3);
      await expectVersionStates(fixture.store, 'v-thin', rest);
      const reopened = await fixture.reopen();
      await expectVersionStates(reopened, 'v-thin', rest);
      expect(await reopened.getVersion('v-thin', v2.seq)).toBeNull();
      expect(await reopened.getVersion('v-thin', v1.seq)).not.toBeNull();
    });

    it('a deleted doc has no versions left; re-created, it starts without any', async () => {
      const { store } = getFixture();
      await writeWithVersions(store, 'v-gone', 10, 5);
      await store.delete('v-gone');
      expect(await store.listVersions('v-gone')).toBeNull();
      const fresh = createRecordingDoc();
      fresh.type('new');
      await store.append('v-gone', fresh.takeUpdates());
      expect(await store.listVersions('v-gone')).toEqual({ versions: [], nextBefore: null });
      expect(await store.getVersion('v-gone', 5)).toBeNull();
    });
  });
}
