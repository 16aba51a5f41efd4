import type { DocumentStore } from '@tandem/persistence';
import type { Logger } from '../logger.js';

export interface AutoVersionerOptions {
  store: DocumentStore;
  logger: Logger;
  /** A version once a document's editing has paused this long (0: never). */
  pauseMs: number;
  /** ...and at least this often while its editing goes on. */
  maxIntervalMs: number;
  /** Told after each automatic version (a test's hook, metrics). */
  onVersion?: (docName: string, seq: number) => void;
}

interface Editing {
  /** When the first change not in a version yet was stored. */
  since: number;
  /** When the last one was. */
  last: number;
  timer: NodeJS.Timeout;
}

/**
 * Takes automatic versions: `changed(doc)` is called for every change stored (by this process or,
 * in a cluster, by another one), and a version is asked of the store once the document's editing
 * has paused for `pauseMs`, or when it has gone on for `maxIntervalMs` since its last version. The
 * store makes one version per number, and none while its newest is younger than half the rule's
 * interval (`minIntervalMs`): every node of a cluster sees every change and may ask, and the
 * document still gets one version.
 */
export class AutoVersioner {
  private readonly options: AutoVersionerOptions;
  private readonly editing = new Map<string, Editing>();
  private readonly inFlight = new Set<Promise<void>>();
  private closed = false;

  constructor(options: AutoVersionerOptions) {
    this.options = options;
  }

  /** A change to `docName` is stored. One timer per document, not one per change: it looks again when it fires. */
  changed(docName: string): void {
    if (this.closed || this.options.pauseMs === 0) return;
    const now = Date.now();
    const current = this.editing.get(docName);
    if (current === undefined) {
      this.editing.set(docName, { since: now, last: now, timer: this.wake(docName, this.options.pauseMs) });
      return;
    }
    current.last = now;
    if (now - current.since >= this.options.maxIntervalMs) this.take(docName, this.options.maxIntervalMs);
  }

  /** The pause rule: a version once `pauseMs` went by without a change, else look again when it will have. */
  private wake(docName: string, delayMs: number): NodeJS.Timeout {
    const timer = setTimeout(() => {
      const current = this.editing.get(docName);
      if (current === undefined) return;
      const quiet = Date.now() - current.last;
      if (quiet >= this.options.pauseMs) this.take(docName, this.options.pauseMs);
      else current.timer = this.wake(docName, this.options.pauseMs - quiet);
    }, delayMs);
    timer.unref();
    return timer;
  }

  /** Documents with changes not in a version yet. */
  get pending(): number {
    return this.editing.size;
  }

  /**
   * Stops and waits for the versions being taken. Changes not in a version yet stay in the store;
   * the next version of their document (after its next edit) covers them.
   */
  async close(): Promise<void> {
    this.closed = true;
    for (const { timer } of this.editing.values()) clearTimeout(timer);
    this.editing.clear();
    await Promise.allSettled([...this.inFlight]);
  }

  private take(docName: string, ruleIntervalMs: number): void {
    const current = this.editing.get(docName);
    if (current !== undefined) clearTimeout(current.timer);
    this.editing.delete(docName);
    const work = this.options.store
      .createVersion(docName, { kind: 'auto', minIntervalMs: ruleIntervalMs / 2 })
      .then(
        (version) => {
          if (version !== null) this.options.onVersion?.(docName, version.seq);
        },
        (error: unknown) =>
          this.options.logger.warn({ err: error, doc: docName }, 'taking an automatic version failed; the next change tries again'),
      )
      .finally(() => this.inFlight.delete(work));
    this.inFlight.add(work);
  }
}
