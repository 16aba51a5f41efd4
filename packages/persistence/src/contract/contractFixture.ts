import type { DocumentStore } from '../documentStore.js';

/** What a store implementation hands the contract suite for one test. */
export interface ContractFixture {
  /** A store on fresh, empty storage (its own temp dir, schema or database). */
  store: DocumentStore;
  /**
   * Close the current store if still open (waiting for its pending work), then open a new
   * store on the same storage and return it. Used to prove durability across restarts.
   */
  reopen(): Promise<DocumentStore>;
  /** Close every store this fixture opened and remove the storage. Called after each test. */
  destroy(): Promise<void>;
}

export type CreateContractFixture = () => Promise<ContractFixture>;
