import type { DocumentStore } from '@tandem/persistence';

/**
 * The real store with some of its methods replaced (to inject a fault, hold a write, count loads);
 * every other method goes to `store` unchanged.
 */
export function overrideStore(store: DocumentStore, overrides: Partial<DocumentStore>): DocumentStore {
  return {
    append: (name, updates, options) => store.append(name, updates, options),
    load: (name) => store.load(name),
    loadUpdates: (name) => store.loadUpdates(name),
    readAfter: (name, afterSeq) => store.readAfter(name, afterSeq),
    readThrough: (name, throughSeq) => store.readThrough(name, throughSeq),
    createVersion: (name, options) => store.createVersion(name, options),
    listVersions: (name, options) => store.listVersions(name, options),
    getVersion: (name, seq) => store.getVersion(name, seq),
    deleteVersions: (name, seqs) => store.deleteVersions(name, seqs),
    getMeta: (name) => store.getMeta(name),
    list: (options) => store.list(options),
    delete: (name) => store.delete(name),
    checkWritable: () => store.checkWritable(),
    close: () => store.close(),
    outbox: store.outbox,
    ...overrides,
  };
}
