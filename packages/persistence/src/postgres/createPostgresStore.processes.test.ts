import { afterAll, afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createPostgresFixture, type PostgresFixture } from '../../test/postgresFixture.js';
import { createTestDatabase, postgresAvailable } from '../../test/postgresTestDatabase.js';
import { contentOf, createRecordingDoc, docFromUpdate, type RecordingDoc } from '../contract/recordingDoc.js';
import type { AppendResult, StoredBatch } from '../documentStore.js';
import type { CommitEvent } from './postgresStoreOptions.js';

/**
 * Several processes on one schema (two stores with two pools are two sessions to PostgreSQL, as two
 * server processes would be). The cluster relies on this: appends to one doc from several nodes get
 * disjoint consecutive numbers, commit order is number order (a reader never sees N+2 without
 * N+1), and readAfter gives back everything.
 */
const database = (await postgresAvailable('the PostgreSQL multi-process tests')) ? await createTestDatabase() : null;
afterAll(() => database?.drop());

/** Every number from 1 to `last`, each in exactly one batch, in order. */
function expectGapless(batches: readonly StoredBatch[], last: number): void {
  let expected = 1;
  for (const batch of batches) {
    expect(batch.firstSeq).toBe(expected);
    expected = batch.seq + 1;
  }
  expect(expected - 1).toBe(last);
}

describe.skipIf(database === null)('the PostgreSQL store shared by several processes', () => {
  let fixture: PostgresFixture | null = null;
  afterEach(async () => {
    await fixture?.destroy();
    fixture = null;
  });

  it('gives concurrent appends from two processes to one doc disjoint consecutive numbers, and readAfter returns them all', async () => {
    fixture = await createPostgresFixture((database as NonNullable<typeof database>).url, {
      compactAfterUpdates: Number.POSITIVE_INFINITY,
    });
    const stores = [fixture.store, await fixture.openAnother()];
    const writers = stores.map((_, i) => createRecordingDoc(100 + i));
    const results: AppendResult[][] = [[], []];
    const seen: StoredBatch[][] = [];
    let writing = true;
    // A third observer keeps reading while they write: every snapshot it gets is gapless.
    const observer = (async () => {
      while (writing) {
        const batches = (await stores[1]?.readAfter('shared', 0)) ?? [];
        if (batches.length > 0) seen.push(batches);
      }
    })();
    await Promise.all(
      stores.map(async (store, i) => {
        const writer = writers[i] as (typeof writers)[number];
        for (let round = 0; round < 40; round++) {
          // Several appends in flight per process, so both group commits carry many batches of the doc.
          const inFlight = Array.from({ length: 3 }, (_, k) => {
            writer.type(`${i}.${round}.${k} `);
            return store.append('shared', writer.takeUpdates(), { author: `process-${i}` });
          });
          (results[i] as AppendResult[]).push(...(await Promise.all(inFlight)));
        }
      }),
    );
    writing = false;
    await observer;

    const all = results.flat().sort((a, b) => a.firstSeq - b.firstSeq);
    const total = writers.reduce((n, writer) => n + writer.updates.length, 0);
    let next = 1;
    for (const result of all) {
      expect(result.firstSeq).toBe(next);
      next = result.seq + 1;
    }
    expect(next - 1).toBe(total);
    for (const own of results) {
      for (let i = 1; i < own.length; i++) expect((own[i] as AppendResult).firstSeq).toBeGreaterThan((own[i - 1] as AppendResult).seq);
    }
    expect(seen.length).toBeGreaterThan(0);
    for (const snapshot of seen) expectGapless(snapshot, snapshot.at(-1)?.seq ?? 0);

    for (const store of stores) {
      const batches = (await store.readAfter('shared', 0)) ?? [];
      expectGapless(batches, total);
      expect(batches.map((batch) => batch.authors[0])).toEqual(
        all.map((result) => (results[0]?.includes(result) ? 'process-0' : 'process-1')),
      );
      const replica = new Y.Doc();
      for (const batch of batches) for (const update of batch.updates) Y.applyUpdate(replica, update);
      const merged = createRecordingDoc();
      for (const writer of writers) Y.applyUpdate(merged.doc, Y.encodeStateAsUpdate(writer.doc));
      expect(contentOf(replica)).toEqual(contentOf(merged.doc));
      expect((await store.getMeta('shared'))?.seq).toBe(total);
    }
    // A node that saw batch N+2 first reads the gap back from N.
    const middle = all[Math.floor(all.length / 2)] as AppendResult;
    const gap = (await stores[0]?.readAfter('shared', middle.firstSeq - 1)) ?? [];
    expect(gap[0]?.firstSeq).toBe(middle.firstSeq);
  });

  it('commits overlapping groups from two processes without deadlock (both lock their docs in name order)', async () => {
    const commits: CommitEvent[][] = [[], []];
    fixture = await createPostgresFixture((database as NonNullable<typeof database>).url, { onCommit: (event) => commits[0]?.push(event) });
    const stores = [fixture.store, await fixture.openAnother({ onCommit: (event) => commits[1]?.push(event) })];
    const names = Array.from({ length: 20 }, (_, i) => `doc-${String(i).padStart(2, '0')}`);
    const writers = stores.map((_, i) => names.map((_, k) => createRecordingDoc(1000 * (i + 1) + k)));
    for (let round = 0; round < 15; round++) {
      await Promise.all(
        stores.map((store, i) => {
          // Opposite call orders: without a common lock order these groups would deadlock.
          const order = i === 0 ? names : [...names].reverse();
          return Promise.all(
            order.map((name) => {
              const writer = writers[i]?.[names.indexOf(name)] as RecordingDoc;
              writer.type(`${round % 10}`);
              return store.append(name, writer.takeUpdates());
            }),
          );
        }),
      );
    }
    // A deadlock would have failed a group's statement, and its docs would have gone one by one.
    for (const own of commits) {
      expect(own.length).toBe(15);
      for (const commit of own) expect(commit).toMatchObject({ docs: 20, batches: 20 });
    }
    for (const [k, name] of names.entries()) {
      const replica = new Y.Doc();
      for (const update of (await stores[0]?.loadUpdates(name))?.updates ?? []) Y.applyUpdate(replica, update);
      const merged = createRecordingDoc();
      for (const own of writers) Y.applyUpdate(merged.doc, Y.encodeStateAsUpdate((own[k] as RecordingDoc).doc));
      expect(contentOf(replica)).toEqual(contentOf(merged.doc));
    }
  });

  it('sees the other process’s appends, titles and deletes at once (no cache between processes)', async () => {
    fixture = await createPostgresFixture((database as NonNullable<typeof database>).url);
    const [first, second] = [fixture.store, await fixture.openAnother()];
    const source = createRecordingDoc();
    source.type('from one');
    await first.append('seen', source.takeUpdates(), { title: 'One' });
    source.type(', then two');
    const appended = await second.append('seen', source.takeUpdates(), { title: 'Two' });
    const meta = await first.getMeta('seen');
    expect(meta).toMatchObject({ title: 'Two', seq: appended.seq, totalUpdates: source.updates.length });
    const loaded = await first.load('seen');
    expect(contentOf(docFromUpdate(loaded?.update ?? new Uint8Array())).content).toBe('<paragraph>from one, then two</paragraph>');
    await second.delete('seen');
    expect(await first.getMeta('seen')).toBeNull();
    expect((await first.list()).docs).toEqual([]);
    source.type('!');
    expect(await first.append('seen', [Y.encodeStateAsUpdate(source.doc)])).toEqual({ firstSeq: 1, seq: 1 });
  });
});
