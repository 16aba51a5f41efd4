import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import type { DocumentStore, StoredBatch } from '../documentStore.js';
import type { ContractFixture } from './contractFixture.js';
import { contentOf, createRecordingDoc } from './recordingDoc.js';

/** Checks that `batches` cover every number after `afterSeq` up to `lastSeq`, in order, without gaps. */
function expectContiguous(batches: readonly StoredBatch[], afterSeq: number, lastSeq: number): void {
  if (afterSeq >= lastSeq) {
    expect(batches).toEqual([]);
    return;
  }
  const [first] = batches;
  expect(first?.firstSeq, `the first batch covers ${afterSeq + 1}`).toBeLessThanOrEqual(afterSeq + 1);
  expect(first?.seq).toBeGreaterThanOrEqual(afterSeq + 1);
  for (let i = 1; i < batches.length; i++) {
    expect((batches[i] as StoredBatch).firstSeq).toBe((batches[i - 1] as StoredBatch).seq + 1);
  }
  expect(batches.at(-1)?.seq).toBe(lastSeq);
  for (const batch of batches) {
    expect(batch.updates.length).toBeGreaterThan(0);
    expect(batch.seq).toBeGreaterThanOrEqual(batch.firstSeq);
  }
}

/** Appends `rounds` batches by alternating authors (and one without), returning each batch's numbers and author. */
async function writeRounds(store: DocumentStore, name: string, rounds: number) {
  const source = createRecordingDoc();
  const written: { firstSeq: number; seq: number; author: string | undefined; stateBefore: Uint8Array }[] = [];
  const authors = ['ada', 'grace', undefined];
  for (let round = 0; round < rounds; round++) {
    const stateBefore = Y.encodeStateAsUpdate(source.doc);
    source.type(`r${round} `);
    const author = authors[round % authors.length];
    const result = await store.append(name, source.takeUpdates(), author === undefined ? {} : { author });
    written.push({ ...result, author, stateBefore });
  }
  return { source, written };
}

export function sequenceContract(getFixture: () => ContractFixture): void {
  describe('sequence numbers, authors and reading after a number', () => {
    it("numbers every stored update: an append resolves with its batch's first and last number", async () => {
      const { store } = getFixture();
      const source = createRecordingDoc();
      source.type('abc');
      const first = source.takeUpdates();
      expect(await store.append('numbered', first)).toEqual({ firstSeq: 1, seq: first.length });
      source.type('de');
      const second = source.takeUpdates();
      expect(await store.append('numbered', second)).toEqual({ firstSeq: first.length + 1, seq: first.length + second.length });
      const last = first.length + second.length;
      expect((await store.getMeta('numbered'))?.seq).toBe(last);
      // An append that stores no update takes no number.
      expect(await store.append('numbered', [], { title: 'T' })).toEqual({ firstSeq: last + 1, seq: last });
      expect((await store.getMeta('numbered'))?.seq).toBe(last);
      expect(await store.append('never-stored', [])).toEqual({ firstSeq: 1, seq: 0 });
    });

    it('gives concurrent appends to one doc consecutive numbers in call order', async () => {
      const { store } = getFixture();
      const writers = Array.from({ length: 20 }, (_, i) => createRecordingDoc(500 + i));
      const results = await Promise.all(
        writers.map((writer, i) => {
          writer.type(`w${i}`);
          return store.append('busy', writer.takeUpdates());
        }),
      );
      let expected = 1;
      for (const result of results) {
        expect(result.firstSeq).toBe(expected);
        expected = result.seq + 1;
      }
    });

    it('reads back the batches after any number, with their authors and times', async () => {
      const { store } = getFixture();
      const before = Date.now();
      const { source, written } = await writeRounds(store, 'history', 6);
      const lastSeq = written.at(-1)?.seq as number;
      const all = await store.readAfter('history', 0);
      expect(all).not.toBeNull();
      expectContiguous(all ?? [], 0, lastSeq);
      const replayed = new Y.Doc();
      for (const batch of all ?? []) for (const update of batch.updates) Y.applyUpdate(replayed, update);
      expect(contentOf(replayed)).toEqual(contentOf(source.doc));
      for (const batch of all ?? []) {
        if (batch.storedAt !== null) expect(batch.storedAt).toBeGreaterThanOrEqual(before);
      }
      // Each write's author is among the authors of the batch that holds its numbers.
      for (const write of written) {
        const holder = (all ?? []).find((batch) => batch.firstSeq <= write.seq && write.seq <= batch.seq);
        if (write.author !== undefined) expect(holder?.authors).toContain(write.author);
      }
      // Exactly the appended batches while nothing was merged.
      if ((all ?? []).length === written.length) {
        expect(all?.map((batch) => [batch.firstSeq, batch.seq, batch.authors])).toEqual(
          written.map((write) => [write.firstSeq, write.seq, write.author === undefined ? [] : [write.author]]),
        );
      }
      expect(await store.readAfter('history', lastSeq)).toEqual([]);
      expect(await store.readAfter('history', lastSeq + 10)).toEqual([]);
      expect(await store.readAfter('unknown-doc', 0)).toBeNull();
    });

    it('a reader at any number catches up with what follows it', async () => {
      const { store } = getFixture();
      const { source, written } = await writeRounds(store, 'catch-up', 12);
      const lastSeq = written.at(-1)?.seq as number;
      for (const write of written) {
        const afterSeq = write.firstSeq - 1;
        const batches = (await store.readAfter('catch-up', afterSeq)) ?? [];
        expectContiguous(batches, afterSeq, lastSeq);
        const replica = new Y.Doc();
        Y.applyUpdate(replica, write.stateBefore);
        for (const batch of batches) for (const update of batch.updates) Y.applyUpdate(replica, update);
        expect(contentOf(replica)).toEqual(contentOf(source.doc));
      }
    });

    it('keeps numbers and authors across close and reopen, and goes on from there', async () => {
      const fixture = getFixture();
      const { source, written } = await writeRounds(fixture.store, 'kept', 3);
      const lastSeq = written.at(-1)?.seq as number;
      const reopened = await fixture.reopen();
      expect((await reopened.getMeta('kept'))?.seq).toBe(lastSeq);
      const batches = (await reopened.readAfter('kept', 0)) ?? [];
      expectContiguous(batches, 0, lastSeq);
      expect(batches.flatMap((batch) => batch.authors)).toEqual(expect.arrayContaining(['ada', 'grace']));
      source.type('more');
      const next = await reopened.append('kept', source.takeUpdates(), { author: 'ada' });
      expect(next.firstSeq).toBe(lastSeq + 1);
      const after = (await reopened.readAfter('kept', lastSeq)) ?? [];
      expectContiguous(after, lastSeq, next.seq);
      expect(after.at(-1)?.authors).toContain('ada');
    });

    it('starts again at 1 after a delete; refuses a bad number or author, naming the doc', async () => {
      const { store } = getFixture();
      await writeRounds(store, 'reborn', 2);
      await store.delete('reborn');
      expect(await store.readAfter('reborn', 0)).toBeNull();
      const fresh = createRecordingDoc();
      fresh.type('x');
      const updates = fresh.takeUpdates();
      expect(await store.append('reborn', updates)).toEqual({ firstSeq: 1, seq: updates.length });
      for (const bad of [-1, 1.5, Number.NaN]) await expect(store.readAfter('reborn', bad)).rejects.toThrow(/reborn/);
      fresh.type('y');
      await expect(store.append('reborn', fresh.takeUpdates(), { author: 'x'.repeat(1001) })).rejects.toThrow(/reborn/);
    });
  });
}
