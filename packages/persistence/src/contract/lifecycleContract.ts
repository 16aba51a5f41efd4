import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import type { ContractFixture } from './contractFixture.js';
import { stableMeta } from './stableMeta.js';
import { contentOf, createRecordingDoc, docFromUpdate } from './recordingDoc.js';

export function lifecycleContract(getFixture: () => ContractFixture): void {
  describe('delete, durability and close', () => {
    it('delete removes the doc, its updates and its metadata; a new doc of that name starts fresh', async () => {
      const { store } = getFixture();
      const old = createRecordingDoc();
      old.type('old content');
      await store.append('gone', old.takeUpdates(), { title: 'Old' });
      await store.delete('gone');
      expect(await store.load('gone')).toBeNull();
      expect(await store.getMeta('gone')).toBeNull();
      expect((await store.list()).docs).toEqual([]);
      await store.delete('gone');
      await store.delete('never-existed');

      const fresh = createRecordingDoc();
      fresh.type('new');
      await store.append('gone', fresh.takeUpdates());
      const loaded = await store.load('gone');
      expect(loaded?.meta).toMatchObject({ totalUpdates: fresh.updates.length, title: null });
      expect(contentOf(docFromUpdate(loaded?.update ?? new Uint8Array())).content).toBe('<paragraph>new</paragraph>');
    });

    it('checkWritable resolves on a healthy store', async () => {
      const { store } = getFixture();
      await expect(store.checkWritable()).resolves.toBeUndefined();
      expect((await store.list()).docs).toEqual([]);
    });

    it('keeps everything across close and reopen', async () => {
      const fixture = getFixture();
      const source = createRecordingDoc();
      source.type('durable text');
      source.setTitle('Durable');
      await fixture.store.append('durable', source.takeUpdates(), { title: 'Durable' });
      const metaBefore = await fixture.store.getMeta('durable');
      await fixture.store.close();
      const reopened = await fixture.reopen();
      expect(stableMeta(await reopened.getMeta('durable'))).toEqual(stableMeta(metaBefore));
      const loaded = await reopened.load('durable');
      const restored = docFromUpdate(loaded?.update ?? new Uint8Array());
      expect(contentOf(restored)).toEqual(contentOf(source.doc));
      expect(Y.encodeStateVector(restored)).toEqual(Y.encodeStateVector(source.doc));
      source.type(' more');
      await reopened.append('durable', source.takeUpdates());
      expect((await reopened.getMeta('durable'))?.totalUpdates).toBe(source.updates.length);
    });

    it('close waits for appends already issued; they resolve and survive reopen', async () => {
      const fixture = getFixture();
      const sources = Array.from({ length: 10 }, () => createRecordingDoc());
      const appends = sources.map((source, i) => {
        source.type(`doc ${i}`);
        return fixture.store.append(`pending-${i}`, source.takeUpdates());
      });
      await fixture.store.close();
      await expect(Promise.all(appends)).resolves.toBeDefined();
      const reopened = await fixture.reopen();
      for (const [i, source] of sources.entries()) {
        const loaded = await reopened.load(`pending-${i}`);
        expect(contentOf(docFromUpdate(loaded?.update ?? new Uint8Array()))).toEqual(contentOf(source.doc));
      }
    });

    it('rejects every operation after close with a clear error; close again is harmless', async () => {
      const { store } = getFixture();
      await store.close();
      const update = Y.encodeStateAsUpdate(new Y.Doc());
      await expect(store.append('after-close', [update])).rejects.toThrow(/closed/);
      await expect(store.load('after-close')).rejects.toThrow(/closed/);
      await expect(store.getMeta('after-close')).rejects.toThrow(/closed/);
      await expect(store.list()).rejects.toThrow(/closed/);
      await expect(store.delete('after-close')).rejects.toThrow(/closed/);
      await expect(store.checkWritable()).rejects.toThrow(/closed/);
      await expect(store.close()).resolves.toBeUndefined();
    });
  });
}
