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
    getMeta: (name) => store.getMeta(name),
    list: (options) => store.list(options),
    delete: (name) => store.delete(name),
    checkWritable: () => store.checkWritable(),
    close: () => store.close(),
    ...overrides,
  };
}
