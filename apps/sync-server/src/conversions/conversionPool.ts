import { type TransferListItem, Worker } from 'node:worker_threads';
import { conversionSettled, conversionStarted } from './conversionActivity.js';
import { ConversionBusy, ConversionFailed, ConversionTimeout, ConversionWorkerDied } from './conversionErrors.js';
import type { WorkerReply } from './conversionMessages.js';
import type { ConversionMetrics, JobOutcome } from './conversionMetrics.js';

/** The worker a job is handed to: `instance` changes whenever the slot's worker is replaced. */
export interface WorkerRef {
  slot: number;
  instance: number;
}

/** A job's message, made when it is handed to a worker (so it can depend on what that worker holds). */
export type BuildMessage = (worker: WorkerRef) => { message: unknown; transfer?: TransferListItem[] };

export interface RunOptions {
  /** Jobs with the same affinity go to the same worker, one after another (e.g. a document's name). */
  affinity?: string;
  /** For the metrics: `read`, `edit`… */
  kind: string;
}

export interface ConversionPoolOptions {
  /** The worker's script (a built `.js` file). */
  workerUrl: URL;
  size: number;
  /** Jobs that may wait for a worker; one more is refused with `ConversionBusy`. */
  maxQueue: number;
  /** A job running longer is failed with `ConversionTimeout` and its worker terminated. */
  timeoutMs: number;
  metrics?: ConversionMetrics;
}

interface Job {
  build: BuildMessage;
  kind: string;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

interface Running {
  id: number;
  job: Job;
  started: number;
  /** Set once the worker is ready (has loaded its code): a job's time counts from there. */
  timer: NodeJS.Timeout | null;
}

interface Slot {
  index: number;
  worker: Worker | null;
  /** The worker has loaded its code (it sends `{ ready: true }` first). */
  ready: boolean;
  instance: number;
  queue: Job[];
  running: Running | null;
}

const hash = (text: string): number => {
  let value = 0;
  for (let i = 0; i < text.length; i++) value = (Math.imul(value, 31) + text.charCodeAt(i)) >>> 0;
  return value;
};

/**
 * A fixed number of `worker_threads`, each running one job at a time, so that the CPU-heavy work
 * (converting large documents) happens off the event loop. Workers start with the first job they
 * get. Jobs wait in a bounded queue (`ConversionBusy` beyond it); a job over `timeoutMs` has its
 * worker terminated (`ConversionTimeout`), a job whose worker dies fails with
 * `ConversionWorkerDied`; either way a new worker takes the next job. An error thrown in the
 * worker rejects the job with it (`ConversionFailed`, for the caller to map by name).
 */
export class ConversionPool {
  private readonly options: ConversionPoolOptions;
  private readonly slots: Slot[];
  private nextId = 0;
  private instances = 0;
  private closed = false;
  /** A moving average of the jobs' time, for the `Retry-After` of a refusal. */
  private averageSeconds = 1;

  constructor(options: ConversionPoolOptions) {
    if (options.size < 1) throw new Error(`a conversion pool needs at least one worker, got ${options.size}`);
    this.options = options;
    this.slots = Array.from({ length: options.size }, (_, index) => ({
      index,
      worker: null,
      ready: false,
      instance: 0,
      queue: [],
      running: null,
    }));
  }

  /** Jobs waiting for a worker. */
  get queued(): number {
    return this.slots.reduce((sum, slot) => sum + slot.queue.length, 0);
  }

  /** Worker threads started and alive. */
  get workers(): number {
    return this.slots.filter((slot) => slot.worker !== null).length;
  }

  /** Jobs running now. */
  get running(): number {
    return this.slots.filter((slot) => slot.running !== null).length;
  }

  /** Runs a job on a worker; resolves with the worker's answer. */
  run<T>(build: BuildMessage, options: RunOptions): Promise<T> {
    if (this.closed) return Promise.reject(new ConversionWorkerDied('the server is shutting down'));
    const slot = options.affinity === undefined ? this.leastBusy() : (this.slots[hash(options.affinity) % this.slots.length] as Slot);
    if ((slot.running !== null || slot.queue.length > 0) && this.queued >= this.options.maxQueue) {
      this.options.metrics?.refused();
      const wait = Math.ceil((this.averageSeconds * (this.queued + 1)) / this.slots.length);
      return Promise.reject(new ConversionBusy(this.queued, Math.min(60, Math.max(1, wait))));
    }
    return new Promise<T>((resolve, reject) => {
      slot.queue.push({ build, kind: options.kind, resolve: resolve as (value: unknown) => void, reject });
      this.dispatch(slot);
      this.report();
    });
  }

  /** Posts a message that needs no answer to the worker `ref` names, if it is still that one (e.g. to drop a replica). */
  notify(ref: WorkerRef, message: unknown): void {
    const slot = this.slots[ref.slot];
    if (slot?.worker !== null && slot?.instance === ref.instance) slot.worker.postMessage({ id: -1, job: message });
  }

  /** Terminates every worker; queued and running jobs fail (`ConversionWorkerDied`: answered 503). */
  async close(): Promise<void> {
    this.closed = true;
    const stopping: Promise<number>[] = [];
    for (const slot of this.slots) {
      for (const job of slot.queue.splice(0)) job.reject(new ConversionWorkerDied('the server is shutting down'));
      if (slot.running !== null) this.settle(slot, 'crashed', new ConversionWorkerDied('the server is shutting down'));
      if (slot.worker !== null) stopping.push(slot.worker.terminate());
      slot.worker = null;
    }
    this.report();
    await Promise.all(stopping);
  }

  private leastBusy(): Slot {
    const load = (slot: Slot) => slot.queue.length + (slot.running === null ? 0 : 1);
    return this.slots.reduce((best, slot) => (load(slot) < load(best) ? slot : best));
  }

  private dispatch(slot: Slot): void {
    if (slot.running !== null || this.closed) return;
    const job = slot.queue.shift();
    if (job === undefined) return;
    const worker = slot.worker ?? this.start(slot);
    const id = ++this.nextId;
    let built: ReturnType<BuildMessage>;
    try {
      built = job.build({ slot: slot.index, instance: slot.instance });
    } catch (error) {
      job.reject(error);
      this.dispatch(slot);
      return;
    }
    slot.running = { id, job, started: performance.now(), timer: null };
    conversionStarted();
    if (slot.ready) this.startClock(slot);
    worker.postMessage({ id, job: built.message }, built.transfer ?? []);
  }

  private start(slot: Slot): Worker {
    const worker = new Worker(this.options.workerUrl);
    // A pool never keeps the process alive by itself (the server's sockets do, while it runs).
    worker.unref();
    slot.worker = worker;
    slot.ready = false;
    slot.instance = ++this.instances;
    worker.on('message', (reply: WorkerReply | { ready: true }) => {
      if (slot.worker !== worker) return;
      if ('ready' in reply) {
        slot.ready = true;
        this.startClock(slot);
        return;
      }
      if (slot.running?.id !== reply.id) return;
      if (reply.ok) this.settle(slot, 'ok', null, reply.value);
      else this.settle(slot, 'error', new ConversionFailed(reply.error));
    });
    const died = (reason: string, cause?: unknown) => {
      if (slot.worker !== worker) return;
      slot.worker = null;
      this.options.metrics?.workerReplaced();
      if (slot.running !== null) this.settle(slot, 'crashed', new ConversionWorkerDied(reason, { cause }));
      else this.dispatch(slot);
    };
    worker.on('error', (error) => died(error.message, error));
    worker.on('exit', (code) => died(`it exited with code ${code}`));
    return worker;
  }

  /** The running job's timeout starts (with a new worker, once it has loaded its code: starting one is not the job's time). */
  private startClock(slot: Slot): void {
    const running = slot.running;
    if (running === null || running.timer !== null) return;
    running.started = performance.now();
    running.timer = setTimeout(() => this.timedOut(slot, running.id), this.options.timeoutMs);
  }

  private timedOut(slot: Slot, id: number): void {
    if (slot.running?.id !== id) return;
    const worker = slot.worker;
    slot.worker = null;
    this.options.metrics?.workerReplaced();
    if (worker !== null) void worker.terminate();
    this.settle(slot, 'timeout', new ConversionTimeout(this.options.timeoutMs));
  }

  /** Ends the running job of `slot` and hands the slot its next one. */
  private settle(slot: Slot, outcome: JobOutcome, error: unknown, value?: unknown): void {
    const running = slot.running;
    if (running === null) return;
    slot.running = null;
    conversionSettled();
    if (running.timer !== null) clearTimeout(running.timer);
    const seconds = (performance.now() - running.started) / 1000;
    this.averageSeconds = 0.8 * this.averageSeconds + 0.2 * seconds;
    this.options.metrics?.finished(running.job.kind, outcome, seconds);
    if (outcome === 'ok') running.job.resolve(value);
    else running.job.reject(error);
    this.report();
    // The next job is handed over once what awaited this one has run (it may change what the next
    // job needs, e.g. drop a worker's copy holding a write the room refused).
    setImmediate(() => {
      this.dispatch(slot);
      this.report();
    });
  }

  private report(): void {
    this.options.metrics?.queued(this.queued);
    this.options.metrics?.running(this.running);
  }
}
