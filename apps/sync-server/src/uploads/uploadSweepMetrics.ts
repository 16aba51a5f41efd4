import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** How a sweep ended: `swept`; `failed` (nothing more freed); `busy` (another node was sweeping); `skipped` (swept recently). */
export type SweepOutcome = 'swept' | 'failed' | 'busy' | 'skipped';

/** What a finished sweep counted. */
export interface SweptCounts {
  durationSeconds: number;
  freedFiles: number;
  freedBytes: number;
  referenced: number;
  waiting: number;
  recent: number;
  missing: number;
}

export interface UploadSweepMetrics {
  ended(outcome: SweepOutcome): void;
  swept(counts: SweptCounts): void;
}

/** Gets or registers a metric (several servers may share one registry in tests). */
function registered<T>(registry: Registry, name: string, create: () => T): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? create();
}

/** The image sweep's metrics in `registry`. In a cluster, the node that swept counts what it freed. */
export function uploadSweepMetrics(registry: Registry): UploadSweepMetrics {
  const registers = [registry];
  const sweeps = registered(
    registry,
    'tandem_upload_sweeps_total',
    () =>
      new Counter({
        name: 'tandem_upload_sweeps_total',
        help: 'Image sweeps started here, by outcome: swept, failed (a document could not be read, or the lock was lost: nothing more freed), busy (another node was sweeping), skipped (another node swept within the interval).',
        labelNames: ['outcome'],
        registers,
      }),
  );
  const duration = registered(
    registry,
    'tandem_upload_sweep_duration_seconds',
    () =>
      new Histogram({
        name: 'tandem_upload_sweep_duration_seconds',
        help: 'Duration of one finished image sweep (mark of every stored document, then the sweep of the uploads directory).',
        buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300, 900, 3600],
        registers,
      }),
  );
  const lastSuccess = registered(
    registry,
    'tandem_upload_sweep_last_success_timestamp_seconds',
    () =>
      new Gauge({
        name: 'tandem_upload_sweep_last_success_timestamp_seconds',
        help: 'When this node last finished an image sweep (Unix seconds; 0: not yet).',
        registers,
      }),
  );
  const freedFiles = registered(
    registry,
    'tandem_uploads_freed_files_total',
    () => new Counter({ name: 'tandem_uploads_freed_files_total', help: 'Uploaded images deleted by sweeps of this node.', registers }),
  );
  const freedBytes = registered(
    registry,
    'tandem_uploads_freed_bytes_total',
    () =>
      new Counter({
        name: 'tandem_uploads_freed_bytes_total',
        help: 'Bytes of uploaded images deleted by sweeps of this node.',
        registers,
      }),
  );
  const files = registered(
    registry,
    'tandem_uploads_files',
    () =>
      new Gauge({
        name: 'tandem_uploads_files',
        help: "Stored images as this node's last sweep left them: referenced (by a stored document or its history), waiting (unreferenced, freed by the next sweep that agrees), recent (younger than the grace period).",
        labelNames: ['state'],
        registers,
      }),
  );
  const missing = registered(
    registry,
    'tandem_uploads_missing',
    () =>
      new Gauge({
        name: 'tandem_uploads_missing',
        help: "Image addresses stored documents refer to with no file here, at this node's last sweep (images of other servers count too).",
        registers,
      }),
  );
  for (const outcome of ['swept', 'failed', 'busy', 'skipped']) sweeps.inc({ outcome }, 0);
  return {
    ended: (outcome) => sweeps.inc({ outcome }),
    swept: (counts) => {
      duration.observe(counts.durationSeconds);
      lastSuccess.set(Date.now() / 1000);
      freedFiles.inc(counts.freedFiles);
      freedBytes.inc(counts.freedBytes);
      files.set({ state: 'referenced' }, counts.referenced);
      files.set({ state: 'waiting' }, counts.waiting);
      files.set({ state: 'recent' }, counts.recent);
      missing.set(counts.missing);
    },
  };
}
