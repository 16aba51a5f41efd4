import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { DocumentStore } from '@tandem/persistence';
import type { Logger } from '../logger.js';
import { type Marks, MarkIncomplete, UploadMarker } from './uploadMarker.js';
import type { SweepLock } from './sweepLock.js';
import { readSweepState, type SweepState, SweepStateUnreadable, writeSweepState } from './sweepState.js';
import { ensureStoreId, readStoreId } from './uploadsOwner.js';
import type { SweepOutcome, UploadSweepMetrics } from './uploadSweepMetrics.js';
import type { UploadStore } from './uploadStore.js';

export interface UploadSweeperOptions {
  store: DocumentStore;
  uploads: UploadStore;
  lock: SweepLock;
  logger: Logger;
  metrics: UploadSweepMetrics;
  /** Names the node in the shared sweep state. */
  nodeId: string;
  /** How often the deployment sweeps (whichever node does); 0: only when asked (`sweep`). */
  intervalMs: number;
  /** An image written less than this long before a sweep began is never freed by it. */
  graceMs: number;
}

/** What one sweep did, as the admin route answers it. */
export interface SweepReport {
  outcome: SweepOutcome;
  node: string;
  startedAt: number;
  durationMs: number;
  /** Why it did not sweep (busy, skipped, failed). */
  reason?: string;
  /** Stored documents looked at, and how many of them were read (the others had not changed since this node's last sweep). */
  docs: number;
  docsRead: number;
  /** Stored images, and of them: referenced, waiting (unreferenced; freed by the next sweep that agrees), recent (within the grace period). */
  files: number;
  referenced: number;
  waiting: number;
  recent: number;
  freedFiles: number;
  freedBytes: number;
  /** Image addresses documents refer to with no file here (freed before, or another server's images). */
  missing: number;
}

/** A sweep stopped before freeing anything more (closing, lock lost, or the uploads directory is another store's). */
class SweepStopped extends Error {
  override readonly name = 'SweepStopped';
}

/** The longest wait between two looks at whether a sweep is due. */
const MAX_CHECK_MS = 15 * 60 * 1000;

/**
 * Frees uploaded images nothing refers to any more: a mark-and-sweep in the background. The mark
 * reads every stored document (`UploadMarker`); the sweep deletes the images that are older than
 * the grace period and that this sweep and the one before it both found unreferenced (the state
 * shared through `sweep-state.json` in the uploads directory), so an image that turns up again
 * between two sweeps (an undo, a client back online) is kept. One node sweeps at a time (`lock`),
 * once per interval for the whole deployment. A sweep that cannot read every document frees
 * nothing.
 */
export class UploadSweeper {
  readonly #options: UploadSweeperOptions;
  readonly #marker: UploadMarker;
  readonly #logger: Logger;
  readonly #timer: NodeJS.Timeout | null;
  #running: Promise<SweepReport> | null = null;
  #closed = false;

  constructor(options: UploadSweeperOptions) {
    this.#options = options;
    this.#marker = new UploadMarker(options.store);
    this.#logger = options.logger.child({ component: 'upload-sweep' });
    this.#timer =
      options.intervalMs > 0 ? setInterval(() => void this.sweepIfDue(), Math.max(1000, Math.min(options.intervalMs, MAX_CHECK_MS))) : null;
    this.#timer?.unref();
  }

  /** Sweeps now, however recently one ran (joins a sweep of this node already running). */
  sweep(): Promise<SweepReport> {
    return this.#start(true);
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#timer !== null) clearInterval(this.#timer);
    await this.#running;
  }

  /**
   * What the timer does: sweeps when no node has finished one within the interval (read from the
   * shared state, then again under the lock); null when not due or one is under way here.
   */
  async sweepIfDue(): Promise<SweepReport | null> {
    if (this.#closed || this.#running !== null) return null;
    const state = await readSweepState(this.#options.uploads.dir).catch(() => null);
    const last = state?.lastSweep?.finishedAt;
    if (last !== undefined && Date.now() - last < this.#options.intervalMs) return null;
    return this.#start(false);
  }

  #start(force: boolean): Promise<SweepReport> {
    this.#running ??= this.#run(force).finally(() => {
      this.#running = null;
    });
    return this.#running;
  }

  async #run(force: boolean): Promise<SweepReport> {
    const report = emptyReport(this.#options.nodeId);
    const finish = (outcome: SweepOutcome, reason?: string): SweepReport => {
      report.outcome = outcome;
      report.durationMs = Date.now() - report.startedAt;
      if (reason !== undefined) report.reason = reason;
      this.#options.metrics.ended(outcome);
      return report;
    };
    let held: Awaited<ReturnType<SweepLock['tryAcquire']>>;
    try {
      held = await this.#options.lock.tryAcquire();
    } catch (error) {
      this.#logger.error({ err: error }, 'upload sweep: cannot take the sweep lock; nothing freed, the next sweep tries again');
      return finish('failed', `cannot take the sweep lock: ${(error as Error).message}`);
    }
    if (held === null) return finish('busy', 'another node is sweeping');
    try {
      const check = () => {
        if (this.#closed) throw new SweepStopped('the server is closing');
        held.check();
      };
      const state = await readSweepState(this.#options.uploads.dir);
      const storeId = await this.#owner(state);
      if (!force && state?.lastSweep != null && Date.now() - state.lastSweep.finishedAt < this.#options.intervalMs) {
        return finish('skipped', `${state.lastSweep.node} swept at ${new Date(state.lastSweep.finishedAt).toISOString()}`);
      }
      report.startedAt = Date.now();
      this.#logger.info({ graceMs: this.#options.graceMs }, 'upload sweep started');
      const marks = await this.#marker.mark(check);
      Object.assign(report, { docs: marks.docs, docsRead: marks.docsRead });
      const unreferenced = await this.#sweep(marks, state, report, check);
      await writeSweepState(this.#options.uploads.dir, {
        format: 1,
        storeId,
        lastSweep: {
          node: this.#options.nodeId,
          startedAt: report.startedAt,
          finishedAt: Date.now(),
          freedFiles: report.freedFiles,
          freedBytes: report.freedBytes,
        },
        unreferenced,
      });
      await this.#options.uploads.clearStaleTemporaryFiles();
      finish('swept');
      this.#options.metrics.swept({ ...report, durationSeconds: report.durationMs / 1000 });
      const { outcome: _, node: __, ...counts } = report;
      this.#logger.info({ ...counts, bytesRead: marks.bytesRead }, 'upload sweep finished');
      return report;
    } catch (error) {
      const level = error instanceof SweepStopped ? 'warn' : 'error';
      const why =
        error instanceof MarkIncomplete
          ? 'a stored document could not be read, so nothing was freed'
          : error instanceof SweepStateUnreadable || error instanceof SweepStopped
            ? 'nothing more was freed'
            : 'it failed; nothing more was freed';
      this.#logger[level]({ err: error, freedFiles: report.freedFiles }, `upload sweep stopped: ${why}; the next sweep tries again`);
      return finish('failed', `${(error as Error).message} (${why})`);
    } finally {
      await held.release();
    }
  }

  /** The store's id, once sure the uploads directory is this store's (see `uploadsOwner.ts`). */
  async #owner(state: SweepState | null): Promise<string> {
    const { store, uploads } = this.#options;
    if (state === null) return ensureStoreId(store);
    const id = await readStoreId(store);
    if (id === state.storeId) return id;
    throw new SweepStopped(
      `the uploads directory ${uploads.dir} belongs to another document store (its sweep state names store ${state.storeId}, ` +
        `this store is ${id ?? 'new'}): give each deployment its own uploadsDir, or delete its sweep-state.json if this store now owns it`,
    );
  }

  /** Frees what this sweep and the one before both found unreferenced; returns what this one found unreferenced and kept. */
  async #sweep(marks: Marks, state: SweepState | null, report: SweepReport, check: () => void): Promise<Record<string, number>> {
    const { uploads, graceMs } = this.#options;
    const writtenBefore = report.startedAt - graceMs;
    const before = state?.unreferenced ?? {};
    const unreferenced: Record<string, number> = {};
    const present = new Set<string>();
    for await (const entries of uploads.entries()) {
      for (const entry of entries) {
        present.add(entry.name);
        report.files++;
        if (marks.referenced.has(entry.name)) {
          report.referenced++;
        } else if (entry.modifiedAt >= writtenBefore) {
          report.recent++;
        } else if (before[entry.name] === undefined) {
          unreferenced[entry.name] = report.startedAt;
          report.waiting++;
        } else {
          check();
          if (await uploads.free(entry, writtenBefore)) {
            report.freedFiles++;
            report.freedBytes += entry.bytes;
            this.#logger.debug({ upload: entry.name, bytes: entry.bytes, unreferencedSince: before[entry.name] }, 'image freed');
          } else {
            report.recent++;
          }
        }
      }
      await yieldToEventLoop();
    }
    const missing = [...marks.referenced].filter(([name]) => !present.has(name));
    report.missing = missing.length;
    if (missing.length > 0) {
      const examples = missing.slice(0, 3).map(([upload, doc]) => ({ upload, doc }));
      this.#logger.info({ missing: missing.length, examples }, 'upload sweep: documents refer to images this server does not have');
    }
    return unreferenced;
  }
}

function emptyReport(node: string): SweepReport {
  return {
    outcome: 'failed',
    node,
    startedAt: Date.now(),
    durationMs: 0,
    docs: 0,
    docsRead: 0,
    files: 0,
    referenced: 0,
    waiting: 0,
    recent: 0,
    freedFiles: 0,
    freedBytes: 0,
    missing: 0,
  };
}
