import { type DocumentStore, type DocVersion, maxVersionListLimit } from '@tandem/persistence';
import type { Logger } from '../logger.js';
import { expiredVersions, type RetentionPolicy } from './retentionPolicy.js';

export interface RetentionSweeperOptions {
  store: DocumentStore;
  logger: Logger;
  policy: RetentionPolicy;
  /** A sweep of every document this often (the first one after one interval). */
  intervalMs: number;
}

/**
 * Applies the retention policy in the background: every `intervalMs`, one document at a time, it
 * lists each document's versions and deletes the automatic ones the policy no longer keeps. Each
 * node of a cluster may sweep; deleting a version twice is harmless.
 */
export class RetentionSweeper {
  private readonly options: RetentionSweeperOptions;
  private readonly timer: NodeJS.Timeout;
  private running: Promise<number> | null = null;
  private closed = false;

  constructor(options: RetentionSweeperOptions) {
    this.options = options;
    this.timer = setInterval(() => {
      this.sweep().catch((error: unknown) => options.logger.warn({ err: error }, 'version retention sweep failed; retrying later'));
    }, options.intervalMs);
    this.timer.unref();
  }

  /** Sweeps every document now (joins a sweep already running); resolves with how many versions it deleted. */
  sweep(): Promise<number> {
    this.running ??= this.sweepAll().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** Sweeps one document; resolves with how many versions it deleted. */
  async sweepDoc(docName: string, now = Date.now()): Promise<number> {
    const versions: DocVersion[] = [];
    let before: number | null = null;
    do {
      const page = await this.options.store.listVersions(docName, { before, limit: maxVersionListLimit });
      if (page === null) return 0;
      versions.push(...page.versions);
      before = page.nextBefore;
    } while (before !== null && !this.closed);
    const expired = expiredVersions(versions, now, this.options.policy);
    return expired.length === 0 ? 0 : this.options.store.deleteVersions(docName, expired);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    await this.running?.catch(() => 0);
  }

  private async sweepAll(): Promise<number> {
    let deleted = 0;
    let cursor: string | null = null;
    do {
      const page = await this.options.store.list({ cursor, limit: 100 });
      for (const doc of page.docs) {
        if (this.closed) return deleted;
        if (doc.damaged !== undefined) continue;
        try {
          deleted += await this.sweepDoc(doc.name);
        } catch (error) {
          this.options.logger.warn({ err: error, doc: doc.name }, 'version retention: this document failed; the next sweep tries again');
        }
      }
      cursor = page.nextCursor;
    } while (cursor !== null && !this.closed);
    if (deleted > 0) this.options.logger.info({ deleted }, 'version retention: old automatic versions deleted');
    return deleted;
  }
}
