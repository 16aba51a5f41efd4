import { updateRange } from './keys.js';
import type { LevelDb } from './levelDb.js';
import { StoreError } from '../storeError.js';

/**
 * Gives disk space back after a doc's records were replaced (online compaction) or deleted.
 * LevelDB only marks them deleted; the old values stay in its table files and write-ahead log until
 * its own compaction reaches them, which for a quiet store may be never (an edited doc left several
 * times its compacted size on disk). `db.compactRange` over the doc's key range flushes the memtable
 * (and with it the log) and rewrites the tables that hold the range without the dead entries.
 *
 * It runs on LevelDB's background thread, `delayMs` after the last request (a doc being edited
 * compacts every few hundred updates; one rewrite serves them all), one range at a time; requests
 * that keep coming defer it by at most `maxDeferrals` delays, so a doc edited without pause for
 * hours still gets its space back.
 */
export interface SpaceReclaimer {
  /** The doc's records were replaced or deleted: reclaim their space soon. */
  reclaim(docName: string): void;
  /** Cancels what is scheduled and waits for a running rewrite. */
  close(): Promise<void>;
}

export interface SpaceReclaimerDeps {
  db: Pick<LevelDb, 'compactRange'>;
  /** Infinity: never (LevelDB's own compaction reclaims space when it gets to it). */
  delayMs: number;
  onError(error: StoreError): void;
  /** After each rewrite: LevelDB has flushed its memtable and retired its log (see levelDbLogs.ts). */
  onRewritten?: () => void;
}

/** How many delays a stream of requests may push the rewrite back. */
export const maxDeferrals = 30;

export function createSpaceReclaimer({ db, delayMs, onError, onRewritten }: SpaceReclaimerDeps): SpaceReclaimer {
  const scheduled = new Set<string>();
  let timer: NodeJS.Timeout | null = null;
  let firstRequestAt = 0;
  let running: Promise<void> = Promise.resolve();
  let closed = false;

  function runScheduled(): void {
    timer = null;
    const docs = [...scheduled];
    scheduled.clear();
    running = running.then(async () => {
      for (const docName of docs) {
        if (closed) return;
        const { gte, lt } = updateRange(docName);
        try {
          await db.compactRange(gte, lt);
          onRewritten?.();
        } catch (error) {
          onError(new StoreError('reclaiming disk space (LevelDB compactRange) failed; nothing is lost', { docName, cause: error }));
        }
      }
    });
  }

  return {
    reclaim(docName) {
      if (closed || !Number.isFinite(delayMs)) return;
      scheduled.add(docName);
      if (timer === null) {
        firstRequestAt = performance.now();
        timer = setTimeout(runScheduled, delayMs);
        timer.unref();
      } else if (performance.now() - firstRequestAt < maxDeferrals * delayMs) {
        timer.refresh();
      }
    },
    async close() {
      closed = true;
      if (timer !== null) clearTimeout(timer);
      timer = null;
      scheduled.clear();
      await running;
    },
  };
}
