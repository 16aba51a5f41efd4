import type { WorkerErrorData } from './conversionMessages.js';

/** The pool's queue is full: the job was not queued (answered 503 with `Retry-After`). */
export class ConversionBusy extends Error {
  override readonly name = 'ConversionBusy';
  readonly retryAfterSec: number;

  constructor(queued: number, retryAfterSec: number) {
    super(`the server is busy converting documents (${queued} conversions waiting); try again in ${retryAfterSec} s`);
    this.retryAfterSec = retryAfterSec;
  }
}

/** A job ran past the pool's timeout: its worker was terminated (and is replaced for the next job). */
export class ConversionTimeout extends Error {
  override readonly name = 'ConversionTimeout';

  constructor(timeoutMs: number) {
    super(`the conversion took longer than ${timeoutMs} ms (conversionTimeoutMs) and was stopped`);
  }
}

/** The worker running a job died (crashed, ran out of memory, exited): the job is lost, the worker replaced. */
export class ConversionWorkerDied extends Error {
  override readonly name = 'ConversionWorkerDied';

  constructor(reason: string, options?: { cause?: unknown }) {
    super(`the conversion worker died while converting: ${reason}`, options);
  }
}

/** An error a worker threw, other than those the caller rebuilds from its name (see `WorkerErrorData`). */
export class ConversionFailed extends Error {
  override readonly name = 'ConversionFailed';
  readonly data: WorkerErrorData;

  constructor(data: WorkerErrorData) {
    super(`${data.name}: ${data.message}`);
    this.data = data;
  }
}

/** An error as a worker sends it (its name, message and a ContentError's kind). */
export function errorData(error: unknown): WorkerErrorData {
  if (error instanceof Error) {
    const kind = (error as { kind?: unknown }).kind;
    return { name: error.name, message: error.message, ...(typeof kind === 'string' ? { kind } : {}) };
  }
  return { name: 'Error', message: String(error) };
}
