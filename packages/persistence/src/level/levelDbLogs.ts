import { readdirSync } from 'node:fs';
import { probeKey } from './keys.js';
import type { LevelDb } from './levelDb.js';

/**
 * LevelDB keeps its latest writes in a write-ahead log (`NNNNNN.log`) until it moves its memtable
 * into a table file and deletes that log. A damaged log (a torn write on a full disk, flipped bits)
 * loses the writes in it without an error at open, so the store keeps its own journal files until
 * every LevelDB log that received their checkpoint is gone.
 */
const logFile = /^(\d+)\.log$/;

/** Numbers of LevelDB's log files in `dir` now. */
export function levelDbLogNumbers(dir: string): number[] {
  const numbers: number[] = [];
  for (const name of readdirSync(dir)) {
    const match = logFile.exec(name);
    if (match !== null) numbers.push(Number(match[1]));
  }
  return numbers;
}

/** Has LevelDB retired every log numbered up to `number`? */
export function levelDbLogsRetired(dir: string, number: number): boolean {
  return levelDbLogNumbers(dir).every((live) => live > number);
}

/** Newest LevelDB log number now (0 if none). */
export function newestLevelDbLog(dir: string): number {
  return Math.max(0, ...levelDbLogNumbers(dir));
}

/** Moves LevelDB's memtable into a table and retires its log (`compactRange` flushes it first). */
export async function flushLevelDbLog(db: LevelDb): Promise<void> {
  await db.compactRange(probeKey, probeKey);
}
