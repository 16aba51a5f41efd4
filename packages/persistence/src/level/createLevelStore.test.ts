import { runDocumentStoreContract } from '../contract/runDocumentStoreContract.js';
import { createTempLevelStore } from '../../test/tempLevelStore.js';

runDocumentStoreContract('LevelDB store (default options)', () => createTempLevelStore());
runDocumentStoreContract('LevelDB store (sync: true, compaction after 2 updates)', () =>
  createTempLevelStore({ sync: true, compactAfterUpdates: 2 }),
);
