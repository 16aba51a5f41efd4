import { afterAll, describe, it } from 'vitest';
import { createPostgresFixture } from '../../test/postgresFixture.js';
import { createTestDatabase, postgresAvailable } from '../../test/postgresTestDatabase.js';
import { runDocumentStoreContract } from '../contract/runDocumentStoreContract.js';

const database = (await postgresAvailable('the PostgreSQL store contract suite')) ? await createTestDatabase() : null;
afterAll(() => database?.drop());

if (database === null) {
  describe.skip('PostgreSQL store contract (PostgreSQL not reachable)', () => it('skipped', () => undefined));
} else {
  runDocumentStoreContract('PostgreSQL store (default options)', () => createPostgresFixture(database.url));
  runDocumentStoreContract('PostgreSQL store (compaction after 2 updates)', () =>
    createPostgresFixture(database.url, { compactAfterUpdates: 2 }),
  );
}
