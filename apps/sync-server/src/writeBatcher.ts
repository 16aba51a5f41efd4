interface Batch<E> {
  entries: E[];
  promise: Promise<void>;
  resolve: () => void;
  reject: (error: unknown) => void;
}

export interface WriteBatcherOptions<E> {
  /** Store one batch (one store append). */
  write: (entries: readonly E[]) => Promise<void>;
  /** Called after a batch is stored, before the waiters of `whenDurable` resume. */
  onStored: (entries: readonly E[]) => void;
  /** Called once when a write fails; the batcher is dead afterwards (every later call rejects). */
  onFailed: (error: unknown, entries: readonly E[]) => void;
  /** Called when the last pending write has completed and nothing is queued. */
  onIdle: () => void;
}

function createBatch<E>(): Batch<E> {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // The room handles failures through onFailed; waiters get the rejection too. Without this, a
  // failed batch nobody waited for would be an unhandled rejection.
  promise.catch(() => {});
  return { entries: [], promise, resolve, reject };
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
      this.open = createBatch<E>();
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
    let written: Promise<void>;
    try {
      written = this.options.write(batch.entries);
    } catch (error) {
      written = Promise.reject(error);
    }
    written.then(
      () => this.stored(batch),
      (error: unknown) => this.failed(batch, error),
    );
  }

  private stored(batch: Batch<E>): void {
    this.inFlight = null;
    this.options.onStored(batch.entries);
    batch.resolve();
    if (this.open !== null) setImmediate(() => this.flushNow());
    else this.options.onIdle();
  }

  private failed(batch: Batch<E>, error: unknown): void {
    this.inFlight = null;
    this.failure = { error };
    const queued = this.open;
    this.open = null;
    const entries = queued === null ? batch.entries : [...batch.entries, ...queued.entries];
    batch.reject(error);
    queued?.reject(error);
    this.options.onFailed(error, entries);
  }
}
