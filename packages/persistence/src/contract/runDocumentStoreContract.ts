import { afterEach, beforeEach, describe } from 'vitest';
import { appendLoadContract } from './appendLoadContract.js';
import type { ContractFixture, CreateContractFixture } from './contractFixture.js';
import { lifecycleContract } from './lifecycleContract.js';
import { listContract } from './listContract.js';
import { outboxContract } from './outboxContract.js';
import { outboxDeliveryContract } from './outboxDeliveryContract.js';
import { sequenceContract } from './sequenceContract.js';
import { versionContract } from './versionContract.js';

/**
 * The behaviour every DocumentStore must show, as a vitest suite. Call it at the top level of
 * a test file with a factory that opens a store on fresh storage, e.g.
 *
 *   runDocumentStoreContract('LevelDB store', async () => { ...; return { store, reopen, destroy } });
 *
 * Each test gets its own fixture; `destroy()` runs after each test. The suite uses default
 * store settings' semantics only (it never assumes when, or whether, compaction happens).
 */
export function runDocumentStoreContract(label: string, createFixture: CreateContractFixture): void {
  describe(`DocumentStore contract: ${label}`, () => {
    let fixture: ContractFixture | null = null;
    beforeEach(async () => {
      fixture = await createFixture();
    });
    afterEach(async () => {
      const current = fixture;
      fixture = null;
      await current?.destroy();
    });
    const getFixture = (): ContractFixture => {
      if (fixture === null) throw new Error('contract fixture used outside a test');
      return fixture;
    };
    appendLoadContract(getFixture);
    listContract(getFixture);
    lifecycleContract(getFixture);
    sequenceContract(getFixture);
    versionContract(getFixture);
    outboxContract(getFixture);
    outboxDeliveryContract(getFixture);
  });
}
