export interface DocSizeBudgetOptions {
  maxDocBytes: number;
  /** Size at load, e.g. the byte length of the merged stored update (0 for a new doc). */
  initialBytes: number;
  /** Exact current size, e.g. `() => Y.encodeStateAsUpdate(doc).byteLength`. O(doc): called rarely. */
  measure: () => number;
  /** At most one `measure` per this many ms (default 1000), so tiny updates at the limit cannot burn CPU. */
  remeasureIntervalMs?: number;
  /** Monotonic clock in ms (default `performance.now`). */
  now?: () => number;
}

/**
 * Decides, before an update is applied, whether it may grow its doc. The running estimate adds
 * each admitted update's byte length, which is an upper bound (updates overlap and deletions
 * shrink the doc). Only when the estimate would cross `maxDocBytes` is the doc measured, and then
 * at most once per `remeasureIntervalMs`; between measurements the estimate decides, so the
 * effective limit can be a little lower than `maxDocBytes` right after a burst of edits. It is
 * never higher, except by updates that add no content (they may still split existing items).
 * Updates that add no content (`addsContent` false, see `updateAddsContent`) are always admitted,
 * so a full doc still syncs with reconnecting clients and accepts deletions.
 */
export class DocSizeBudget {
  private readonly maxDocBytes: number;
  private readonly measure: () => number;
  private readonly interval: number;
  private readonly now: () => number;
  private estimate: number;
  private lastMeasured = Number.NEGATIVE_INFINITY;
  /** Something was admitted since the last measurement, so measuring again can change the answer. */
  private stale = true;

  constructor(options: DocSizeBudgetOptions) {
    this.maxDocBytes = options.maxDocBytes;
    this.measure = options.measure;
    this.interval = options.remeasureIntervalMs ?? 1000;
    this.now = options.now ?? (() => performance.now());
    this.estimate = options.initialBytes;
  }

  /** True: apply the update (it is counted). False: refuse it; nothing changes. */
  admit(updateBytes: number, addsContent: boolean): boolean {
    if (!addsContent || this.estimate + updateBytes <= this.maxDocBytes) {
      this.count(updateBytes);
      return true;
    }
    const now = this.now();
    if (this.stale && now - this.lastMeasured >= this.interval) {
      this.estimate = this.measure();
      this.lastMeasured = now;
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
