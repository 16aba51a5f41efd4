import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { type OwnPostgres, ownPostgresAvailable, startOwnPostgres } from '../../test/ownPostgres.js';
import { contentOf, createRecordingDoc, docFromUpdate, type RecordingDoc } from '../contract/recordingDoc.js';
import type { DocumentStore } from '../documentStore.js';
import { StoreError } from '../storeError.js';
import { createPostgresStore } from './createPostgresStore.js';

/**
 * PostgreSQL going away under a store: a server of the test's own is crashed (pg_ctl stop -m
 * immediate) or frozen (SIGSTOP) in the middle of appends. Calls must reject with a StoreError
 * naming their doc, within the timeouts (never hang), nothing may crash the process (idle pooled
 * connections die too), and once the server is back the same store works again by itself, with
 * every acknowledged append still there.
 */
const available = ownPostgresAvailable('the PostgreSQL outage tests');

interface Writer {
  name: string;
  source: RecordingDoc;
  acked: number;
  rejections: unknown[];
  stop(): Promise<void>;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Appends to `name` one batch at a time. Each batch holds everything since the last acknowledged
 * one, the way a client resends after a failure, so a rejected batch is never missing later on.
 */
function startWriter(store: DocumentStore, name: string): Writer {
  const source = createRecordingDoc();
  let ackedState = Y.encodeStateVector(new Y.Doc());
  let stopped = false;
  const writer: Writer = { name, source, acked: 0, rejections: [], stop: async () => undefined };
  const loop = (async () => {
    while (!stopped) {
      source.type(`${name}${writer.acked} `);
      const state = Y.encodeStateVector(source.doc);
      try {
        await store.append(name, [Y.encodeStateAsUpdate(source.doc, ackedState)], { author: 'writer' });
        ackedState = state;
        writer.acked++;
      } catch (error) {
        writer.rejections.push(error);
        await pause(25); // paces the retries while the database is away
      }
    }
  })();
  writer.stop = async () => {
    stopped = true;
    await loop;
  };
  return writer;
}

describe.skipIf(!available)('the PostgreSQL store while its database goes away', () => {
  let server: OwnPostgres | null = null;
  afterEach(() => {
    server?.destroy();
    server = null;
  });

  it('rejects calls naming the doc while the server is down, and resumes by itself with everything acknowledged', async () => {
    server = await startOwnPostgres();
    const background: StoreError[] = [];
    const store = await createPostgresStore({
      connectionString: server.url,
      connectTimeoutMs: 1000,
      statementTimeoutMs: 3000,
      compactAfterUpdates: 10,
      onBackgroundError: (error) => background.push(error),
    });
    const writers = ['alpha', 'beta', 'gamma'].map((name) => startWriter(store, name));
    await expect.poll(() => writers.every((writer) => writer.acked >= 20), { timeout: 15_000 }).toBe(true);
    // Connections left idle in the pool, which die with the server while nobody is using them.
    await Promise.all(Array.from({ length: 6 }, (_, i) => store.getMeta(`idle-${i}`)));

    server.stop('immediate');
    await expect.poll(() => background.some((error) => /idle/.test(error.message)), { timeout: 10_000 }).toBe(true);
    const rejectedBefore = writers.map((writer) => writer.rejections.length);
    await expect
      .poll(() => writers.every((writer, i) => writer.rejections.length >= (rejectedBefore[i] as number) + 3), { timeout: 15_000 })
      .toBe(true);
    for (const writer of writers) {
      for (const error of writer.rejections) {
        expect(error).toBeInstanceOf(StoreError);
        expect((error as StoreError).docName).toBe(writer.name);
        expect((error as StoreError).message).toContain(`"${writer.name}"`);
      }
    }
    await expect(store.checkWritable()).rejects.toBeInstanceOf(StoreError);
    await expect(store.load('alpha')).rejects.toThrow(/"alpha"/);
    await expect(store.list()).rejects.toBeInstanceOf(StoreError);

    server.start();
    const ackedAtRestart = writers.map((writer) => writer.acked);
    await expect
      .poll(() => writers.every((writer, i) => writer.acked >= (ackedAtRestart[i] as number) + 10), { timeout: 20_000 })
      .toBe(true);
    await expect(store.checkWritable()).resolves.toBeUndefined();
    await Promise.all(writers.map((writer) => writer.stop()));

    for (const writer of writers) {
      // What was acknowledged before the crash is not resent after it: it must have been kept.
      const loaded = await store.load(writer.name);
      expect(contentOf(docFromUpdate(loaded?.update ?? new Uint8Array()))).toEqual(contentOf(writer.source.doc));
      const batches = (await store.readAfter(writer.name, 0)) ?? [];
      expect(batches[0]?.firstSeq).toBe(1);
      for (let i = 1; i < batches.length; i++) expect(batches[i]?.firstSeq).toBe((batches[i - 1]?.seq ?? 0) + 1);
      expect(batches.at(-1)?.seq).toBe(loaded?.meta.seq);
    }
    await store.close();
  }, 90_000);

  it('gives up on a server that stops answering within the timeouts, then works again once it answers', async () => {
    server = await startOwnPostgres();
    const background: StoreError[] = [];
    const store = await createPostgresStore({
      connectionString: server.url,
      connectTimeoutMs: 1000,
      statementTimeoutMs: 1500,
      onBackgroundError: (error) => background.push(error),
    });
    const source = createRecordingDoc();
    source.type('before ');
    await store.append('frozen', source.takeUpdates());

    server.freeze();
    source.type('during ');
    const started = performance.now();
    await expect(store.append('frozen', source.takeUpdates())).rejects.toThrow(/"frozen"/);
    await expect(store.checkWritable()).rejects.toBeInstanceOf(StoreError);
    await expect(store.getMeta('frozen')).rejects.toThrow(/"frozen"/);
    // Each call is bounded by the client's statement timeout (1.5 s + 2 s slack) or the connect timeout.
    expect(performance.now() - started).toBeLessThan(15_000);

    server.thaw();
    source.type('after');
    const rest = Y.encodeStateAsUpdate(source.doc);
    await expect
      .poll(
        () =>
          store.append('frozen', [rest]).then(
            () => true,
            () => false,
          ),
        { timeout: 15_000 },
      )
      .toBe(true);
    const loaded = await store.load('frozen');
    expect(contentOf(docFromUpdate(loaded?.update ?? new Uint8Array())).content).toBe('<paragraph>before during after</paragraph>');
    await store.close();
  }, 60_000);
});
