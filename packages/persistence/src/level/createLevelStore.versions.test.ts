import { afterEach, describe, it } from 'vitest';
import { createTempLevelStore, type TempLevelStore } from '../../test/tempLevelStore.js';
import { expectVersionsBoundStorage } from '../../test/versionCompaction.js';

const fixtures: TempLevelStore[] = [];
afterEach(async () => {
  await Promise.all(fixtures.splice(0).map((fixture) => fixture.destroy()));
});

describe('LevelDB store versions', () => {
  it('compacts to one record per span between versions, and merges across deleted versions', async () => {
    const fixture = await createTempLevelStore({ compactAfterUpdates: 10 });
    fixtures.push(fixture);
    await expectVersionsBoundStorage(fixture);
  });
});
