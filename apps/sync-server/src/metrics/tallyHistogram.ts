import type { Histogram, MetricValueWithName, Registry } from 'prom-client';

export interface TallyHistogramOptions {
  name: string;
  help: string;
  /** Upper bounds (`le`), ascending; `+Inf` is added. */
  buckets: readonly number[];
  registers: readonly Registry[];
}

/**
 * A Prometheus histogram without labels, exposed exactly like prom-client's `Histogram`, whose
 * `observe` is a bucket search and three number writes. prom-client's `observe` hashes a labels
 * object and builds a closure per call: observed once per stored batch, it was 1.5% of the
 * server's CPU in the fan-out profile (docs/performance.md §13). Registered as a custom metric
 * (prom-client reads any object with `name`, `help`, `type` and `get()`).
 */
export class TallyHistogram {
  readonly name: string;
  readonly help: string;
  readonly type = 'histogram' as const;
  readonly aggregator = 'sum' as const;
  private readonly bounds: readonly number[];
  /** Observations per bucket (not cumulative); the last one is `+Inf`. */
  private readonly counts: Float64Array;
  private sum = 0;
  private count = 0;

  constructor(options: TallyHistogramOptions) {
    this.name = options.name;
    this.help = options.help;
    this.bounds = [...options.buckets];
    this.counts = new Float64Array(this.bounds.length + 1);
    for (const registry of options.registers) registry.registerMetric(this as unknown as Histogram);
  }

  /** Throws a TypeError for a value that is not a finite number, as prom-client's `observe` does. */
  observe(value: number): void {
    if (!Number.isFinite(value)) throw new TypeError(`${this.name}: value is not a valid number: ${String(value)}`);
    const bounds = this.bounds;
    let bucket = 0;
    while (bucket < bounds.length && value > (bounds[bucket] as number)) bucket++;
    this.counts[bucket] = (this.counts[bucket] as number) + 1;
    this.sum += value;
    this.count++;
  }

  /** What prom-client's registry reads: cumulative `_bucket` lines, then `_sum` and `_count`. */
  async get(): Promise<{ name: string; help: string; type: 'histogram'; aggregator: 'sum'; values: MetricValueWithName<string>[] }> {
    const values: MetricValueWithName<string>[] = [];
    let cumulative = 0;
    for (let i = 0; i <= this.bounds.length; i++) {
      cumulative += this.counts[i] as number;
      // `exemplar: null` as prom-client puts it on bucket values (getMetricsAsJSON shows it).
      values.push({ metricName: `${this.name}_bucket`, labels: { le: this.bounds[i] ?? '+Inf' }, value: cumulative, exemplar: null } as MetricValueWithName<string>);
    }
    values.push({ metricName: `${this.name}_sum`, labels: {}, value: this.sum });
    values.push({ metricName: `${this.name}_count`, labels: {}, value: this.count });
    return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values };
  }

  reset(): void {
    this.counts.fill(0);
    this.sum = 0;
    this.count = 0;
  }
}
