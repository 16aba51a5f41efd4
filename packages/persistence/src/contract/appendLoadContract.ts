import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import type { DocumentStore } from '../documentStore.js';
import type { ContractFixture } from './contractFixture.js';
import { stableMeta } from './stableMeta.js';
import { contentOf, createRecordingDoc, docFromUpdate, type RecordingDoc } from './recordingDoc.js';

async function expectStoredEqual(store: DocumentStore, name: string, source: RecordingDoc): Promise<void> {
  const loaded = await store.load(name);
  expect(loaded, `load(${name})`).not.toBeNull();
  if (loaded === null) return;
  const restored = docFromUpdate(loaded.update);
  expect(contentOf(restored)).toEqual(contentOf(source.doc));
  expect(Y.encodeStateVector(restored)).toEqual(Y.encodeStateVector(source.doc));
  expect(loaded.stateVector).toEqual(Y.encodeStateVector(source.doc));
  // The unmerged load, applied in order, gives the same document and the same metadata.
  const parts = await store.loadUpdates(name);
  expect(parts, `loadUpdates(${name})`).not.toBeNull();
  const fromParts = new Y.Doc();
  for (const update of parts?.updates ?? []) Y.applyUpdate(fromParts, update);
  expect(contentOf(fromParts)).toEqual(contentOf(source.doc));
  expect(Y.encodeStateVector(fromParts)).toEqual(Y.encodeStateVector(source.doc));
  expect(stableMeta(parts?.meta ?? null)).toEqual(stableMeta(loaded.meta));
}

const sum = (updates: Uint8Array[]): number => updates.reduce((total, u) => total + u.length, 0);

export function appendLoadContract(getFixture: () => ContractFixture): void {
  describe('append and load', () => {
    it('returns null for a doc that was never stored', async () => {
      const { store } = getFixture();
      expect(await store.load('never-stored')).toBeNull();
      expect(await store.loadUpdates('never-stored')).toBeNull();
      expect(await store.getMeta('never-stored')).toBeNull();
    });

    it('loads exactly the state that was appended (content, title and state vector)', async () => {
      const { store } = getFixture();
      const source = createRecordingDoc();
      source.type('Hello world');
      source.type('Second paragraph', 1);
      source.erase(0, 6);
      source.setTitle('Greeting');
      await store.append('doc-1', source.takeUpdates());
      source.type('!');
      await store.append('doc-1', source.takeUpdates());
      await expectStoredEqual(store, 'doc-1', source);
      expect(contentOf(source.doc).content).toContain('world!');
    });

    it('records metadata: name, counts, bytes and times', async () => {
      const { store } = getFixture();
      const source = createRecordingDoc();
      const before = Date.now();
      source.type('abc');
      const first = source.takeUpdates();
      await store.append('meta-doc', first);
      const afterFirst = Date.now();
      const meta1 = await store.getMeta('meta-doc');
      expect(meta1).toMatchObject({ name: 'meta-doc', totalUpdates: first.length, title: null });
      expect(meta1?.createdAt).toBeGreaterThanOrEqual(before);
      expect(meta1?.createdAt).toBeLessThanOrEqual(afterFirst);
      expect(meta1?.updatedAt).toBeGreaterThanOrEqual(meta1?.createdAt ?? Number.NaN);
      expect(meta1?.updateCount).toBeGreaterThanOrEqual(1);
      expect(meta1?.updateCount).toBeLessThanOrEqual(first.length);
      if (meta1?.updateCount === first.length) expect(meta1.bytes).toBe(sum(first));
      else expect(meta1?.bytes).toBeGreaterThan(0);

      source.type('de');
      await store.append('meta-doc', source.takeUpdates());
      const meta2 = await store.getMeta('meta-doc');
      expect(meta2?.totalUpdates).toBe(source.updates.length);
      expect(meta2?.createdAt).toBe(meta1?.createdAt);
      expect(meta2?.updatedAt).toBeGreaterThanOrEqual(meta1?.updatedAt ?? Number.NaN);
      const loaded = await store.load('meta-doc');
      expect(stableMeta(loaded?.meta)).toEqual(stableMeta(meta2));
    });

    it('round-trips the title: set, kept when omitted, replaced, unicode, empty', async () => {
      const { store } = getFixture();
      const source = createRecordingDoc();
      source.type('a');
      await store.append('titled', source.takeUpdates(), { title: 'First title' });
      expect((await store.getMeta('titled'))?.title).toBe('First title');
      source.type('b');
      await store.append('titled', source.takeUpdates());
      expect((await store.getMeta('titled'))?.title).toBe('First title');
      source.type('c');
      await store.append('titled', source.takeUpdates(), { title: 'Zweiter Titel – ü 🚀' });
      expect((await store.load('titled'))?.meta.title).toBe('Zweiter Titel – ü 🚀');
      await store.append('titled', [], { title: '' });
      expect((await store.getMeta('titled'))?.title).toBe('');
      expect((await store.getMeta('titled'))?.totalUpdates).toBe(source.updates.length);
    });

    it('treats an empty batch without a title as a no-op that creates nothing', async () => {
      const { store } = getFixture();
      await store.append('empty', []);
      expect(await store.getMeta('empty')).toBeNull();
      expect(await store.load('empty')).toBeNull();
    });

    it('loads a doc that only has a title as no updates, with its metadata', async () => {
      const { store } = getFixture();
      await store.append('title-only', [], { title: 'Nur ein Titel' });
      const parts = await store.loadUpdates('title-only');
      expect(parts?.updates).toEqual([]);
      expect(parts?.meta.title).toBe('Nur ein Titel');
      expect(parts?.meta.totalUpdates).toBe(0);
    });

    it('rejects a batch with an invalid update, naming the doc, and stores none of it', async () => {
      const { store } = getFixture();
      const source = createRecordingDoc();
      source.type('ok');
      await store.append('strict', source.takeUpdates());
      source.type('more');
      const valid = source.takeUpdates();
      const bad = [...valid, 'not bytes'] as unknown as Uint8Array[];
      await expect(store.append('strict', bad)).rejects.toThrow(/strict/);
      await expect(store.append('strict', [...valid, new Uint8Array(0)])).rejects.toThrow(/strict/);
      expect((await store.getMeta('strict'))?.totalUpdates).toBe(source.updates.length - valid.length);
      const restored = docFromUpdate((await store.load('strict'))?.update ?? new Uint8Array());
      expect(contentOf(restored).content).toBe('<paragraph>ok</paragraph>');
    });

    it('keeps every update of concurrent appends to one doc', async () => {
      const { store } = getFixture();
      const writers = Array.from({ length: 40 }, (_, i) => createRecordingDoc(1000 + i));
      await Promise.all(
        writers.map((writer, i) => {
          writer.type(`w${i};`);
          return store.append('shared', writer.takeUpdates());
        }),
      );
      const merged = createRecordingDoc();
      for (const writer of writers) Y.applyUpdate(merged.doc, Y.encodeStateAsUpdate(writer.doc));
      await expectStoredEqual(store, 'shared', merged);
      expect((await store.getMeta('shared'))?.totalUpdates).toBe(writers.reduce((n, w) => n + w.updates.length, 0));
    });

    it('runs operations on one doc in call order', async () => {
      const { store } = getFixture();
      const source = createRecordingDoc();
      source.type('xy');
      const firstBatch = source.takeUpdates();
      const appended = store.append('ordered', firstBatch);
      const loaded = store.load('ordered');
      const deleted = store.delete('ordered');
      const metaAfterDelete = store.getMeta('ordered');
      const reappended = store.append('ordered', [firstBatch[0] as Uint8Array]);
      const finalLoad = store.load('ordered');
      await appended;
      expect((await loaded)?.meta.totalUpdates).toBe(firstBatch.length);
      await deleted;
      expect(await metaAfterDelete).toBeNull();
      await reappended;
      expect((await finalLoad)?.meta.totalUpdates).toBe(1);
    });

    it('keeps documents apart, including names that are prefixes of each other', async () => {
      const { store } = getFixture();
      const names = ['a', 'a/b', 'ab', 'a:b', 'a.b', 'A', 'dokument-ü-文书', 'team@x/notes~1'];
      const sources = new Map(names.map((name) => [name, createRecordingDoc()]));
      await Promise.all(
        names.map((name) => {
          const source = sources.get(name) as RecordingDoc;
          source.type(`content of ${name}`);
          return store.append(name, source.takeUpdates(), { title: name });
        }),
      );
      await store.delete('a');
      expect(await store.load('a')).toBeNull();
      for (const name of names.slice(1)) {
        await expectStoredEqual(store, name, sources.get(name) as RecordingDoc);
        expect((await store.getMeta(name))?.title).toBe(name);
      }
    });

    it('round-trips a large update (2 MiB of text)', async () => {
      const { store } = getFixture();
      const source = createRecordingDoc();
      const paragraph = source.doc.getXmlFragment('default');
      const element = new Y.XmlElement('paragraph');
      element.insert(0, [new Y.XmlText('z'.repeat(2 * 1024 * 1024))]);
      paragraph.insert(0, [element]);
      await store.append('large', source.takeUpdates());
      await expectStoredEqual(store, 'large', source);
    });

    it('rejects invalid doc names with a clear error', async () => {
      const { store } = getFixture();
      await expect(store.append('', [Uint8Array.of(0, 0)])).rejects.toThrow(/name/);
      await expect(store.load('')).rejects.toThrow(/name/);
    });
  });
}
