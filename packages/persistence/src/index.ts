export type { AppendOptions, DocMeta, DocPage, DocumentStore, ListOptions, LoadedDoc, StoredUpdates } from './documentStore.js';
export { createLevelStore } from './createLevelStore.js';
export {
  type CompactionEvent,
  defaultLevelStoreOptions,
  type LevelStoreInput,
  type LevelStoreOptions,
} from './levelStoreOptions.js';
export { StoreError } from './storeError.js';
