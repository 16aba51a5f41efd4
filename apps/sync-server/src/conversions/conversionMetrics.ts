import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** How a job ended: `ok`; `error` (the worker threw: bad content…); `timeout`; `crashed` (its worker died). */
export type JobOutcome = 'ok' | 'error' | 'timeout' | 'crashed';

export interface ConversionMetrics {
  queued(depth: number): void;
  running(count: number): void;
  finished(kind: string, outcome: JobOutcome, seconds: number): void;
  refused(): void;
  workerReplaced(): void;
}

/** Gets or registers a metric (several servers may share one registry in tests). */
function registered<T>(registry: Registry, name: string, create: () => T): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? create();
}

/** The conversion pool's metrics in `registry`. */
export function conversionMetrics(registry: Registry): ConversionMetrics {
  const registers = [registry];
  const depth = registered(
    registry,
    'tandem_conversion_queue_depth',
    () => new Gauge({ name: 'tandem_conversion_queue_depth', help: 'Document conversions waiting for a worker.', registers }),
  );
  const running = registered(
    registry,
    'tandem_conversion_jobs_running',
    () => new Gauge({ name: 'tandem_conversion_jobs_running', help: 'Document conversions running on a worker now.', registers }),
  );
  const duration = registered(
    registry,
    'tandem_conversion_job_duration_seconds',
    () =>
      new Histogram({
        name: 'tandem_conversion_job_duration_seconds',
        help: 'Time of one document conversion on a worker (from being handed to it to its answer), by kind (read, edit) and outcome (ok, error, timeout, crashed).',
        labelNames: ['kind', 'outcome'],
        buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
        registers,
      }),
  );
  const refused = registered(
    registry,
    'tandem_conversion_jobs_refused_total',
    () =>
      new Counter({
        name: 'tandem_conversion_jobs_refused_total',
        help: 'Document conversions refused because the queue was full (answered 503).',
        registers,
      }),
  );
  const replaced = registered(
    registry,
    'tandem_conversion_workers_replaced_total',
    () =>
      new Counter({
        name: 'tandem_conversion_workers_replaced_total',
        help: 'Conversion workers terminated after a timeout or lost to a crash (a new one starts with the next job).',
        registers,
      }),
  );
  return {
    queued: (value) => depth.set(value),
    running: (value) => running.set(value),
    finished: (kind, outcome, seconds) => duration.observe({ kind, outcome }, seconds),
    refused: () => refused.inc(),
    workerReplaced: () => replaced.inc(),
  };
}
