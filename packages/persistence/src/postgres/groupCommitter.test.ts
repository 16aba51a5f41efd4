import pg from 'pg';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createPostgresFixture, type PostgresFixture } from '../../test/postgresFixture.js';
import { createTestDatabase, postgresAvailable } from '../../test/postgresTestDatabase.js';
import { contentOf, createRecordingDoc, docFromUpdate } from '../contract/recordingDoc.js';
import type { CommitEvent } from './postgresStoreOptions.js';

/**
 * Group commit through the store: appends made while a commit is in flight share the next
 * transaction, per doc in call order, and a doc whose statement fails (here: its row locked by
 * another session past the statement timeout) or that is marked damaged fails alone.
 */
const database = (await postgresAvailable('the PostgreSQL group commit tests')) ? await createTestDatabase() : null;
afterAll(() => database?.drop());
const url = (): string => (database as NonNullable<typeof database>).url;

describe.skipIf(database === null)('group commit', () => {
  let fixture: PostgresFixture | null = null;
  afterEach(async () => {
    await fixture?.destroy();
    fixture = null;
  });

  it('commits the appends made together in one transaction, several docs and several batches per doc', async () => {
    const commits: CommitEvent[] = [];
    fixture = await createPostgresFixture(url(), { onCommit: (event) => commits.push(event) });
    const sources = Array.from({ length: 20 }, (_, i) => createRecordingDoc(10 + i));
    const appends = sources.flatMap((source, i) =>
      [0, 1, 2].map((round) => {
        source.type(`${i}:${round} `);
        return fixture?.store.append(`doc-${i}`, source.takeUpdates(), { author: `a${round}` });
      }),
    );
    const results = await Promise.all(appends);
    expect(commits.reduce((n, commit) => n + commit.batches, 0)).toBe(60);
    expect(commits.length).toBeLessThan(60);
    expect(Math.max(...commits.map((commit) => commit.docs))).toBeGreaterThan(1);
    expect(Math.max(...commits.map((commit) => commit.batches))).toBeGreaterThan(20);
    for (const commit of commits) expect(commit.durationMs).toBeGreaterThan(0);
    // Per doc, call order is number order.
    for (let i = 0; i < sources.length; i++) {
      const own = results.slice(i * 3, i * 3 + 3);
      expect(own[0]?.firstSeq).toBe(1);
      expect(own[1]?.firstSeq).toBe((own[0]?.seq ?? 0) + 1);
      expect(own[2]?.firstSeq).toBe((own[1]?.seq ?? 0) + 1);
      const batches = (await fixture.store.readAfter(`doc-${i}`, 0)) ?? [];
      expect(batches.map((batch) => batch.authors)).toEqual([['a0'], ['a1'], ['a2']]);
      const loaded = await fixture.store.load(`doc-${i}`);
      expect(contentOf(docFromUpdate(loaded?.update ?? new Uint8Array()))).toEqual(contentOf((sources[i] as (typeof sources)[number]).doc));
    }
  });

  it('fails only the doc whose statement fails; the others in its group are committed', async () => {
    fixture = await createPostgresFixture(url(), { statementTimeoutMs: 1000 });
    const { store, schema } = fixture;
    const sources = ['a-first', 'locked', 'z-last'].map((name) => ({ name, source: createRecordingDoc() }));
    for (const { name, source } of sources) {
      source.type(`${name} `);
      await store.append(name, source.takeUpdates());
    }
    // Another session holds the row lock of "locked" (as a long transaction elsewhere would).
    const holder = new pg.Client({ connectionString: url() });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query(`SELECT 1 FROM ${schema}.docs WHERE name = 'locked' FOR UPDATE`);
      const outcomes = await Promise.allSettled(
        sources.map(({ name, source }) => {
          source.type('more');
          return store.append(name, source.takeUpdates());
        }),
      );
      expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect(String((outcomes[1] as PromiseRejectedResult).reason)).toMatch(/"locked".*statement timeout/);
    } finally {
      await holder.query('ROLLBACK');
      await holder.end();
    }
    for (const { name, source } of sources) {
      // "locked" lost its failed batch (nothing half-written); resent, it is stored again.
      if (name === 'locked') await store.append(name, [Y.encodeStateAsUpdate(source.doc)]);
      const loaded = await store.load(name);
      expect(contentOf(docFromUpdate(loaded?.update ?? new Uint8Array())).content).toBe(`<paragraph>${name} more</paragraph>`);
    }
  });

  it('refuses appends to a doc marked damaged, naming it and the damage, while its group commits the rest', async () => {
    fixture = await createPostgresFixture(url());
    const { store, schema } = fixture;
    const bad = createRecordingDoc();
    bad.type('bad');
    await store.append('bad', bad.takeUpdates());
    const storedUpdates = bad.updates.length;
    const admin = new pg.Client({ connectionString: url() });
    await admin.connect();
    await admin.query(`UPDATE ${schema}.docs SET damaged = 'batches lost in a restore' WHERE name = 'bad'`);
    await admin.end();
    const good = createRecordingDoc();
    good.type('good');
    bad.type('!');
    const [badOutcome, goodOutcome] = await Promise.allSettled([
      store.append('bad', bad.takeUpdates()),
      store.append('good', good.takeUpdates()),
    ]);
    expect(String((badOutcome as PromiseRejectedResult).reason)).toMatch(/damaged \(batches lost in a restore\).*"bad"/);
    expect(goodOutcome.status).toBe('fulfilled');
    await expect(store.load('bad')).rejects.toThrow(/"bad"/);
    await expect(store.loadUpdates('bad')).rejects.toThrow(/damaged/);
    expect((await store.list()).docs.map((doc) => [doc.name, doc.damaged])).toEqual([
      ['bad', 'batches lost in a restore'],
      ['good', undefined],
    ]);
    expect((await store.getMeta('bad'))?.totalUpdates).toBe(storedUpdates);
  });

  it('keeps what the caller passed even if it reuses its buffers before the commit', async () => {
    fixture = await createPostgresFixture(url());
    const source = createRecordingDoc();
    source.type('abc');
    const updates = source.takeUpdates();
    const appended = fixture.store.append('copy', updates);
    for (const update of updates) update.fill(0);
    await appended;
    const loaded = await fixture.store.load('copy');
    expect(contentOf(docFromUpdate(loaded?.update ?? new Uint8Array())).content).toBe('<paragraph>abc</paragraph>');
  });
});
