export type {
  AppendOptions,
  AppendResult,
  CreateVersionOptions,
  DocMeta,
  DocVersion,
  DocPage,
  DocumentStore,
  ListOptions,
  LoadedDoc,
  StoredBatch,
  StoredUpdates,
  VersionKind,
  VersionListOptions,
  VersionPage,
} from './documentStore.js';
export type {
  AttemptListOptions,
  ClaimOptions,
  CursorBehind,
  CursorChange,
  EndpointHealth,
  EntryListOptions,
  Outbox,
  OutboxAttempt,
  OutboxDepth,
  OutboxEntry,
  OutboxEntryInput,
  OutboxState,
  PruneOptions,
  Settlement,
} from './outbox.js';
export { maxOutboxListLimit } from './outbox/checkOutboxInput.js';
export { createLevelStore } from './level/createLevelStore.js';
export {
  type CompactionEvent,
  defaultLevelStoreOptions,
  type LevelStoreInput,
  type LevelStoreOptions,
} from './level/levelStoreOptions.js';
export { createPostgresStore } from './postgres/createPostgresStore.js';
export {
  type CommitEvent,
  defaultPostgresStoreOptions,
  type PostgresStoreInput,
  type PostgresStoreOptions,
} from './postgres/postgresStoreOptions.js';
export { StoreError } from './storeError.js';
export {
  createMemoryStorage,
  createMemoryStore,
  defaultMemoryStoreOptions,
  type MemoryStorage,
  type MemoryStoreOptions,
} from './memory/createMemoryStore.js';
export {
  type Attribution,
  attributionLookup,
  attributionOf,
  decodeAttribution,
  encodeAttribution,
  mergeAttributions,
} from './versions/attribution.js';
export { type IdSet, containsId } from './versions/idSets.js';
export { maxVersionListLimit, maxVersionNameLength } from './versions/checkVersionInput.js';
