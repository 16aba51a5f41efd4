import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClassicLevel } from 'classic-level';
import type { ContractFixture } from '../src/contract/contractFixture.js';
import { createLevelStore } from '../src/level/createLevelStore.js';
import type { DocumentStore } from '../src/documentStore.js';
import type { LevelStoreInput } from '../src/level/levelStoreOptions.js';

export interface TempLevelStore extends ContractFixture {
  dir: string;
  /** Close the current store, then reopen with different options on the same dir. */
  reopenWith(options: Omit<LevelStoreInput, 'dir'>): Promise<DocumentStore>;
  /** Close the current store and hand the raw LevelDB (binary keys/values) to `inspect`. */
  withRawDb<T>(inspect: (db: ClassicLevel<Uint8Array, Uint8Array>) => Promise<T>): Promise<T>;
}

/** A LevelDB store in a fresh temp dir; destroy() closes what it opened and removes the dir. */
export async function createTempLevelStore(options: Omit<LevelStoreInput, 'dir'> = {}): Promise<TempLevelStore> {
  const dir = await mkdtemp(join(tmpdir(), 'tandem-level-'));
  const opened: DocumentStore[] = [];
  let current = await createLevelStore({ dir, ...options });
  opened.push(current);

  async function closeCurrent(): Promise<void> {
    await current.close();
  }
  async function reopenWith(overrides: Omit<LevelStoreInput, 'dir'>): Promise<DocumentStore> {
    await closeCurrent();
    current = await createLevelStore({ dir, ...overrides });
    opened.push(current);
    return current;
  }

  return {
    dir,
    store: current,
    reopen: () => reopenWith(options),
    reopenWith,
    async withRawDb(inspect) {
      await closeCurrent();
      const db = new ClassicLevel<Uint8Array, Uint8Array>(dir, { keyEncoding: 'view', valueEncoding: 'view' });
      await db.open();
      try {
        return await inspect(db);
      } finally {
        await db.close();
      }
    },
    async destroy() {
      const results = await Promise.allSettled(opened.map((store) => store.close()));
      await rm(dir, { recursive: true, force: true });
      const failed = results.find((result) => result.status === 'rejected');
      if (failed) throw (failed as PromiseRejectedResult).reason;
    },
  };
}
