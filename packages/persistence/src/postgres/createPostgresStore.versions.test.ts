import { afterAll, describe, it } from 'vitest';
import { createPostgresFixture } from '../../test/postgresFixture.js';
import { createTestDatabase, postgresAvailable } from '../../test/postgresTestDatabase.js';
import { expectVersionsBoundStorage } from '../../test/versionCompaction.js';

const database = (await postgresAvailable('the PostgreSQL store versions test')) ? await createTestDatabase() : null;
afterAll(() => database?.drop());

describe.skipIf(database === null)('PostgreSQL store versions', () => {
  it('compacts to one record per span between versions, and merges across deleted versions', async () => {
    const fixture = await createPostgresFixture(database?.url as string, { compactAfterUpdates: 10 });
    try {
      await expectVersionsBoundStorage(fixture);
    } finally {
      await fixture.destroy();
    }
  });
});
