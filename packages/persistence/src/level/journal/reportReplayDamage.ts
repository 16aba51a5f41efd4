import { basename } from 'node:path';
import { StoreError } from '../../storeError.js';
import { damagedJournalDir, type ReplayResult } from './replayJournal.js';

/**
 * Tells the store's error handler (the server logs and counts it) about every damaged stretch of
 * the journal a replay skipped and every doc it marked damaged: damage is never silent.
 */
export function reportReplayDamage(replay: ReplayResult, report: (error: StoreError) => void): void {
  for (const stretch of replay.damage) {
    const where = `${basename(stretch.file)} at byte ${stretch.offset} (${stretch.bytes} bytes)`;
    const what = stretch.tail ? 'a journal record cut short by a crash was skipped' : 'a damaged journal record was skipped';
    const kept = stretch.tail ? '' : `; the file is kept in ${damagedJournalDir}/`;
    report(new StoreError(`journal replay: ${what}: ${where}${kept}`, { docName: stretch.docName }));
  }
  for (const [docName, reason] of replay.damagedDocs) {
    report(new StoreError(`journal replay: the document is marked damaged and fails to load until it is deleted: ${reason}`, { docName }));
  }
}
