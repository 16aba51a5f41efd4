/** The wait after a measurement is at least this many times as long as the measurement took. */
export const MEASURE_COST_FACTOR = 20;

export interface DocSizeBudgetOptions {
  maxDocBytes: number;
  /** Size at load, e.g. the byte length of the merged stored update (0 for a new doc). */
  initialBytes: number;
  /** Exact current size, e.g. `() => Y.encodeStateAsUpdate(doc).byteLength`. O(doc): called rarely. */
  measure: () => number;
  /**
   * Minimum time between two measurements (default 1000 ms). The actual gap is at least
   * `MEASURE_COST_FACTOR` times the last measurement's duration, so a doc sitting at its limit
   * spends only a small, bounded share of a core on measuring it.
   */
  remeasureIntervalMs?: number;
  /** Monotonic clock in ms (default `performance.now`). */
  now?: () => number;
}

/**
 * Decides, before an update is applied, whether it may grow its doc. The running estimate adds
 * each admitted update's byte length, which is an upper bound (updates overlap and deletions
 * shrink the doc). Only when the estimate would cross `maxDocBytes` is the doc measured, and then
 * rarely (see `remeasureIntervalMs`); between measurements the estimate decides, so the
 * effective limit can be a little lower than `maxDocBytes` right after a burst of edits. It is
 * never higher, except by updates that add no content (they may still split existing items).
 * Updates that add no content (`addsContent()` false, see `updateAddsContent`) are always admitted,
 * so a full doc still syncs with reconnecting clients and accepts deletions.
 */
export class DocSizeBudget {
  private readonly maxDocBytes: number;
  private readonly measure: () => number;
  private readonly interval: number;
  private readonly now: () => number;
  private estimate: number;
  private nextMeasureAt = Number.NEGATIVE_INFINITY;
  /** Something was admitted since the last measurement, so measuring again can change the answer. */
  private stale = true;

  constructor(options: DocSizeBudgetOptions) {
    this.maxDocBytes = options.maxDocBytes;
    this.measure = options.measure;
    this.interval = options.remeasureIntervalMs ?? 1000;
    this.now = options.now ?? (() => performance.now());
    this.estimate = options.initialBytes;
  }

  /**
   * True: apply the update (it is counted). False: refuse it; nothing changes. `addsContent` is
   * asked only when the update would not fit the estimate (it parses the update: most updates
   * of a doc under its limit never pay for that).
   */
  admit(updateBytes: number, addsContent: () => boolean): boolean {
    if (this.estimate + updateBytes <= this.maxDocBytes || !addsContent()) {
      this.count(updateBytes);
      return true;
    }
    const start = this.now();
    if (this.stale && start >= this.nextMeasureAt) {
      this.estimate = this.measure();
      const end = this.now();
      this.nextMeasureAt = end + Math.max(this.interval, MEASURE_COST_FACTOR * (end - start));
      this.stale = false;
      if (this.estimate + updateBytes <= this.maxDocBytes) {
        this.count(updateBytes);
        return true;
      }
    }
    return false;
  }

  /** Current upper bound of the doc's encoded size in bytes. */
  get estimatedBytes(): number {
    return this.estimate;
  }

  private count(updateBytes: number): void {
    this.estimate += updateBytes;
    this.stale = true;
  }
}
