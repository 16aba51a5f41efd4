/** Where a batcher failed; see `WriteBatcherOptions.onFailed`. */
export type FailedStage = 'store' | 'relay' | 'after-store';

export interface WriteBatcherOptions<E> {
  /**
   * Store one batch (one store append). Call `onDurable` the moment it is durable, if the store can
   * say so before its promise resolves (the batch then counts as stored from there); otherwise
   * the promise's resolution does.
   */
  write: (entries: readonly E[], onDurable: () => void) => Promise<void>;
  /** Called once a batch is stored, before the waiters of `whenDurable` resume. */
  onStored: (entries: readonly E[]) => void;
  /**
   * Called once when a write fails (`store`: nothing of `entries` is stored), when `onStored`
   * threw for a stored batch (`relay`: stored, but maybe not relayed to everyone), or when a write
   * rejected after its `onDurable` (`after-store`: that batch is stored and relayed; `entries` are
   * only the ones queued behind it, never written). The batcher is dead afterwards (every later
   * call rejects).
   */
  onFailed: (error: unknown, entries: readonly E[], stage: FailedStage) => void;
  /** Called when the last pending write has completed and nothing is queued. */
  onIdle: () => void;
}

/**
 * One batch: its entries and its outcome. The promise for `whenDurable` is made only when somebody
 * waits (a sync step 1 reply, a durable ack); most batches of a busy doc have no waiter, and two
 * promises and three closures per keystroke showed up in the fan-out profile.
 */
class Batch<E> {
  readonly entries: E[] = [];
  private outcome: 'stored' | { error: unknown } | null = null;
  private waiters: { promise: Promise<void>; resolve: () => void; reject: (error: unknown) => void } | null = null;

  get promise(): Promise<void> {
    if (this.outcome === 'stored') return Promise.resolve();
    if (this.outcome !== null) return Promise.reject(this.outcome.error);
    if (this.waiters === null) {
      let resolve!: () => void;
      let reject!: (error: unknown) => void;
      const promise = new Promise<void>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      // Waiters get the rejection; the room handles the failure itself (onFailed). Without this, a
      // rejection a waiter had dropped would be reported as unhandled.
      promise.catch(() => {});
      this.waiters = { promise, resolve, reject };
    }
    return this.waiters.promise;
  }

  resolve(): void {
    if (this.outcome !== null) return;
    this.outcome = 'stored';
    this.waiters?.resolve();
  }

  /** No effect once stored (a write that rejects after its onDurable). */
  reject(error: unknown): void {
    if (this.outcome !== null) return;
    this.outcome = { error };
    this.waiters?.reject(error);
  }
}

/**
 * Collects entries and writes them in batches: everything enqueued until `flushNow()` or the
 * end of the event-loop turn goes into one write, and while a write is in flight the next batch
 * keeps filling (group commit). At most one write is in flight, so batches are stored in order.
 */
export class WriteBatcher<E> {
  private open: Batch<E> | null = null;
  private inFlight: Batch<E> | null = null;
  private failure: { error: unknown } | null = null;
  private readonly options: WriteBatcherOptions<E>;

  constructor(options: WriteBatcherOptions<E>) {
    this.options = options;
  }

  /** No write in flight and nothing queued. */
  get idle(): boolean {
    return this.open === null && this.inFlight === null;
  }

  enqueue(entry: E): void {
    if (this.failure !== null) throw new Error('write batcher failed earlier; the room must be reloaded');
    this.openBatch().entries.push(entry);
  }

  /**
   * Opens the next batch without an entry yet, so that `whenDurable()` already covers entries that
   * will be enqueued before it is written (updates received now, applied a moment later). A batch
   * that stays empty is not written: it resolves once the batches before it are stored.
   */
  reserve(): void {
    if (this.failure === null) this.openBatch();
  }

  private openBatch(): Batch<E> {
    if (this.open === null) {
      this.open = new Batch<E>();
      if (this.inFlight === null) setImmediate(() => this.flushNow());
    }
    return this.open;
  }

  /** Resolves once everything enqueued so far is stored; rejects if that write fails. */
  whenDurable(): Promise<void> {
    if (this.failure !== null) return Promise.reject(this.failure.error);
    const last = this.open ?? this.inFlight;
    return last === null ? Promise.resolve() : last.promise;
  }

  /**
   * Writes the open batch now instead of at the end of the event-loop turn, if no write is in
   * flight (else it goes when that one is stored, as usual).
   */
  flushNow(): void {
    const batch = this.open;
    if (batch === null || this.inFlight !== null || this.failure !== null) return;
    this.open = null;
    if (batch.entries.length === 0) {
      // A reservation nothing was enqueued into: durable as soon as everything before it is.
      batch.resolve();
      this.options.onIdle();
      return;
    }
    this.inFlight = batch;
    let durable = false;
    const onDurable = (): void => {
      if (durable) return;
      durable = true;
      this.stored(batch);
    };
    let written: Promise<void>;
    try {
      written = this.options.write(batch.entries, onDurable);
    } catch (error) {
      written = Promise.reject(error);
    }
    written.then(onDurable, (error: unknown) => this.failed(batch, error, durable ? 'after-store' : 'store'));
  }

  private stored(batch: Batch<E>): void {
    if (this.inFlight === batch) this.inFlight = null;
    // Waiters resume on a microtask, so `onStored` still runs before them.
    batch.resolve();
    try {
      this.options.onStored(batch.entries);
    } catch (error) {
      // What follows this batch is not written any more. Not thrown into the store's onDurable:
      // that would report a stored batch as a failed write.
      this.failed(batch, error, 'relay');
      return;
    }
    if (this.open !== null) setImmediate(() => this.flushNow());
    else this.options.onIdle();
  }

  /** Reported once; a batch already stored stays resolved (its waiters got their answer). */
  private failed(batch: Batch<E>, error: unknown, stage: FailedStage): void {
    if (this.inFlight === batch) this.inFlight = null;
    // Its waiters always get an answer (no effect on a batch already stored), even when the
    // batcher had failed before and this is not reported.
    batch.reject(error);
    if (this.failure !== null) return;
    this.failure = { error };
    const queued = this.open;
    this.open = null;
    // After its onDurable a batch is stored and relayed: only what queued behind it is reported.
    const affected = stage === 'after-store' ? [] : batch.entries;
    const entries = queued === null ? affected : [...affected, ...queued.entries];
    queued?.reject(error);
    this.options.onFailed(error, entries, stage);
  }
}
