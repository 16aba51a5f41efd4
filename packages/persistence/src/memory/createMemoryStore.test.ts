import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { runDocumentStoreContract } from '../contract/runDocumentStoreContract.js';
import { createRecordingDoc } from '../contract/recordingDoc.js';
import type { DocumentStore } from '../documentStore.js';
import { createMemoryStorage, createMemoryStore, type MemoryStoreOptions } from './createMemoryStore.js';

function memoryFixture(options: MemoryStoreOptions = {}) {
  return async () => {
    const storage = createMemoryStorage();
    let store: DocumentStore = createMemoryStore({ ...options, storage });
    return {
      store,
      async reopen() {
        await store.close();
        store = createMemoryStore({ ...options, storage });
        return store;
      },
      async destroy() {
        await store.close();
        storage.docs.clear();
      },
    };
  };
}

runDocumentStoreContract('memory store (default options)', memoryFixture());
runDocumentStoreContract('memory store (compaction after 2 updates)', memoryFixture({ compactAfterUpdates: 2 }));

describe('memory store', () => {
  it('keeps copies: a caller reusing its buffer does not change what was stored', async () => {
    const store = createMemoryStore();
    const source = createRecordingDoc();
    source.type('abc');
    const updates = source.takeUpdates();
    await store.append('copy', updates);
    for (const update of updates) update.fill(0);
    const loaded = await store.load('copy');
    const restored = new Y.Doc();
    Y.applyUpdate(restored, loaded?.update ?? new Uint8Array());
    expect(restored.getXmlFragment('default').toString()).toBe('<paragraph>abc</paragraph>');
  });

  it('bounds what a busy doc holds by merging its updates', async () => {
    const store = createMemoryStore({ compactAfterUpdates: 10 });
    const source = createRecordingDoc();
    for (let i = 0; i < 50; i++) {
      source.type('x');
      await store.append('busy', source.takeUpdates());
    }
    const meta = await store.getMeta('busy');
    expect(meta?.totalUpdates).toBe(source.updates.length);
    expect(meta?.updateCount).toBeLessThan(10);
  });

  it('refuses a bad option with a message naming it', () => {
    expect(() => createMemoryStore({ compactAfterUpdates: 1 })).toThrow(/compactAfterUpdates/);
  });
});
