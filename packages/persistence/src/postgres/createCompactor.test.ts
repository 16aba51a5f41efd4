import { afterAll, afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createPostgresFixture, type PostgresFixture } from '../../test/postgresFixture.js';
import { createTestDatabase, postgresAvailable, queryDatabase } from '../../test/postgresTestDatabase.js';
import { contentOf, createRecordingDoc, docFromUpdate, type RecordingDoc } from '../contract/recordingDoc.js';
import type { CompactionEvent } from '../level/levelStoreOptions.js';
import type { StoreError } from '../storeError.js';

/**
 * Online compaction on PostgreSQL: it merges a doc's batches into one covering their numbers and
 * authors while this process and others keep appending to the doc, loses nothing, keeps the
 * counters equal to what the tables hold, and backs off quietly when another process compacted first.
 */
const database = (await postgresAvailable('the PostgreSQL compaction tests')) ? await createTestDatabase() : null;
afterAll(() => database?.drop());
const url = (): string => (database as NonNullable<typeof database>).url;

/** The doc's counters against its rows: they must agree whatever ran concurrently. */
async function expectCountersMatchRows(schema: string, docName: string): Promise<void> {
  const [row] = await queryDatabase(
    url(),
    `SELECT d.update_count, d.bytes, d.seq,
            (SELECT coalesce(sum(cardinality(b.sizes)), 0) FROM ${schema}.batches b WHERE b.doc_id = d.id) AS rows_updates,
            (SELECT coalesce(sum(octet_length(b.updates)), 0) FROM ${schema}.batches b WHERE b.doc_id = d.id) AS rows_bytes,
            (SELECT max(b.seq) FROM ${schema}.batches b WHERE b.doc_id = d.id) AS rows_seq
     FROM ${schema}.docs d WHERE d.name = $1`,
    [docName],
  );
  expect(row).toBeDefined();
  expect({ updates: Number(row?.update_count), bytes: Number(row?.bytes), seq: Number(row?.seq) }).toEqual({
    updates: Number(row?.rows_updates),
    bytes: Number(row?.rows_bytes),
    seq: Number(row?.rows_seq),
  });
}

function mergedContent(writers: readonly RecordingDoc[]) {
  const merged = createRecordingDoc();
  for (const writer of writers) Y.applyUpdate(merged.doc, Y.encodeStateAsUpdate(writer.doc));
  return contentOf(merged.doc);
}

describe.skipIf(database === null)('online compaction on PostgreSQL', () => {
  let fixture: PostgresFixture | null = null;
  afterEach(async () => {
    await fixture?.destroy();
    fixture = null;
  });

  it('loses nothing while another process appends to the same doc, and keeps numbers, authors and counters', async () => {
    const compactions: CompactionEvent[] = [];
    const errors: StoreError[] = [];
    fixture = await createPostgresFixture(url(), {
      compactAfterUpdates: 8,
      onCompaction: (event) => compactions.push(event),
      onBackgroundError: (error) => errors.push(error),
    });
    const compacting = fixture.store;
    const other = await fixture.openAnother({ compactAfterUpdates: Number.POSITIVE_INFINITY, compactAfterBytes: Number.POSITIVE_INFINITY });
    const writers = [createRecordingDoc(1), createRecordingDoc(2)];
    let last = 0;
    for (let round = 0; round < 60; round++) {
      const appended = await Promise.all(
        [compacting, other].map((store, i) => {
          const writer = writers[i] as RecordingDoc;
          writer.type(`${i}${round % 10}`);
          return store.append('busy', writer.takeUpdates(), { author: i === 0 ? 'ada' : 'grace' });
        }),
      );
      last = Math.max(last, ...appended.map((result) => result.seq));
    }
    await compacting.close(); // waits for its background compactions
    expect(errors).toEqual([]);
    expect(compactions.length).toBeGreaterThan(0);
    for (const event of compactions) {
      expect(event).toMatchObject({ docName: 'busy' });
      expect(event.records).toBeGreaterThanOrEqual(2);
      expect(event.bytesAfter).toBeGreaterThan(0);
    }
    const meta = await other.getMeta('busy');
    expect(meta?.seq).toBe(last);
    expect(meta?.totalUpdates).toBe((writers[0]?.updates.length ?? 0) + (writers[1]?.updates.length ?? 0));
    expect(meta?.updateCount).toBeLessThan(meta?.totalUpdates ?? 0);
    const batches = (await other.readAfter('busy', 0)) ?? [];
    expect(batches[0]?.firstSeq).toBe(1);
    expect([...(batches[0]?.authors ?? [])].sort()).toEqual(['ada', 'grace']);
    for (let i = 1; i < batches.length; i++) expect(batches[i]?.firstSeq).toBe((batches[i - 1]?.seq ?? 0) + 1);
    expect(batches.at(-1)?.seq).toBe(last);
    const replica = new Y.Doc();
    for (const batch of batches) for (const update of batch.updates) Y.applyUpdate(replica, update);
    expect(contentOf(replica)).toEqual(mergedContent(writers));
    expect(contentOf(docFromUpdate((await other.load('busy'))?.update ?? new Uint8Array()))).toEqual(mergedContent(writers));
    await expectCountersMatchRows(fixture.schema, 'busy');
  });

  it('two processes compacting one doc at once: one swap wins, the other backs off, nothing is reported or lost', async () => {
    const errors: StoreError[] = [];
    const compactions: CompactionEvent[] = [];
    const options = {
      compactAfterUpdates: 3,
      onBackgroundError: (error: StoreError) => errors.push(error),
      onCompaction: (event: CompactionEvent) => compactions.push(event),
    };
    fixture = await createPostgresFixture(url(), options);
    const stores = [fixture.store, await fixture.openAnother(options)];
    const writers = [createRecordingDoc(7), createRecordingDoc(8)];
    for (let round = 0; round < 40; round++) {
      await Promise.all(
        stores.map((store, i) => {
          (writers[i] as RecordingDoc).type(`${round % 10}`);
          return store.append('contended', (writers[i] as RecordingDoc).takeUpdates());
        }),
      );
      // Both see the same counters on load and both try to compact the same batches.
      await Promise.all(stores.map((store) => store.loadUpdates('contended')));
    }
    await Promise.all(stores.map((store) => store.close()));
    expect(errors).toEqual([]);
    expect(compactions.length).toBeGreaterThan(0);
    const reader = await fixture.openAnother();
    const parts = await reader.loadUpdates('contended');
    const replica = new Y.Doc();
    for (const update of parts?.updates ?? []) Y.applyUpdate(replica, update);
    expect(contentOf(replica)).toEqual(mergedContent(writers));
    await expectCountersMatchRows(fixture.schema, 'contended');
  });

  it('compacts by bytes appended since the last compaction, and reports a doc it cannot merge without losing it', async () => {
    const errors: StoreError[] = [];
    const compactions: CompactionEvent[] = [];
    fixture = await createPostgresFixture(url(), {
      compactAfterUpdates: Number.POSITIVE_INFINITY,
      compactAfterBytes: 2000,
      onBackgroundError: (error) => errors.push(error),
      onCompaction: (event) => compactions.push(event),
    });
    const { store, schema } = fixture;
    const source = createRecordingDoc();
    for (let i = 0; i < 30; i++) {
      source.type('x'.repeat(100));
      await store.append('sized', source.takeUpdates());
    }
    await expect.poll(() => compactions.length).toBeGreaterThan(0);
    await expect.poll(async () => (await store.getMeta('sized'))?.updateCount).toBeLessThan(source.updates.length);

    // A stored update that is not Yjs: the compaction fails, says which doc, and the rows stay as they were.
    const garbage = new Uint8Array(500).fill(255);
    for (let i = 0; i < 5; i++) await store.append('broken', [garbage]);
    await expect.poll(() => errors.length).toBeGreaterThan(0);
    expect(errors[0]?.docName).toBe('broken');
    expect(errors[0]?.message).toMatch(/corrupt stored update .*"broken"/);
    const rows = await queryDatabase(
      url(),
      `SELECT count(*)::int AS n FROM ${schema}.batches b JOIN ${schema}.docs d ON d.id = b.doc_id WHERE d.name = 'broken'`,
    );
    expect(rows[0]?.n).toBe(5);
    expect((await store.getMeta('broken'))?.updateCount).toBe(5);
    expect(contentOf(docFromUpdate((await store.load('sized'))?.update ?? new Uint8Array())).content).toBe(
      `<paragraph>${'x'.repeat(3000)}</paragraph>`,
    );
    await store.close();
  });
});
