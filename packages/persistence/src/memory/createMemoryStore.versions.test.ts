import { describe, it } from 'vitest';
import type { DocumentStore } from '../documentStore.js';
import { expectVersionsBoundStorage } from '../../test/versionCompaction.js';
import { createMemoryStorage, createMemoryStore } from './createMemoryStore.js';

describe('memory store versions', () => {
  it('compacts to one record per span between versions, and merges across deleted versions', async () => {
    const storage = createMemoryStorage();
    let store: DocumentStore = createMemoryStore({ storage, compactAfterUpdates: 10 });
    await expectVersionsBoundStorage({
      store,
      async reopen() {
        await store.close();
        store = createMemoryStore({ storage, compactAfterUpdates: 10 });
        return store;
      },
      destroy: () => store.close(),
    });
  });
});
