import { StoreError } from '../storeError.js';
import { type Journal, openJournal } from './journal/openJournal.js';
import { type ReplayResult, replayJournal } from './journal/replayJournal.js';
import { type LevelDb, openLevelDb } from './levelDb.js';
import { upgradeStoreFormat } from './storeFormat.js';

function wrap(error: unknown, message: string): StoreError {
  return error instanceof StoreError ? error : new StoreError(message, { cause: error });
}

/**
 * Opens LevelDB in `dir`, seals the values of a store of the previous format, then copies into it
 * the appends a crash kept in the journal, and opens a fresh journal file. On failure LevelDB is
 * closed again and a StoreError says which step failed.
 */
export async function openDbAndJournal(dir: string, sync: boolean): Promise<{ db: LevelDb; journal: Journal; replay: ReplayResult }> {
  const db = await openLevelDb(dir);
  const writeOptions = { sync };
  try {
    await upgradeStoreFormat(db, writeOptions);
  } catch (error) {
    await db.close().catch(() => {});
    throw wrap(error, `cannot upgrade the store in ${JSON.stringify(dir)} to checksummed values`);
  }
  try {
    const replay = await replayJournal(db, dir, writeOptions);
    return { db, journal: openJournal(dir, replay.nextFileNumber, { sync }), replay };
  } catch (error) {
    await db.close().catch(() => {});
    throw wrap(error, `cannot open the journal in ${JSON.stringify(dir)}`);
  }
}
