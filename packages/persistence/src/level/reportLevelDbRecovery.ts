import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { StoreError } from '../storeError.js';

/**
 * LevelDB opens a damaged write-ahead log without an error: it drops the records it cannot read
 * and says so only in its info log (`LOG`, rewritten at every open). This passes each such line
 * on, so the loss is never silent (the journal, kept until LevelDB retired its log, restores it).
 */
export function reportLevelDbRecovery(dir: string, report: (error: StoreError) => void): void {
  let log: string;
  try {
    log = readFileSync(join(dir, 'LOG'), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  for (const line of log.split('\n')) {
    if (/dropping|corruption/i.test(line)) {
      report(
        new StoreError(`LevelDB dropped damaged records of its log at open (the journal replay restores what it holds): ${line.trim()}`),
      );
    }
  }
}
