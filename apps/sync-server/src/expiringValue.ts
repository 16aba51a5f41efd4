/**
 * One cached value that is dropped `ttlMs` after its last use, so that it serves a burst of
 * readers (a join storm: every joiner gets the same encoded doc) without staying in memory for
 * an idle doc. The timer is unref'd and cleared by `clear()`.
 */
export class ExpiringValue<T> {
  private value: T | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly ttlMs: number;

  constructor(ttlMs: number) {
    this.ttlMs = ttlMs;
  }

  /** The cached value (its expiry pushed back), or a fresh one from `compute`. */
  get(compute: () => T): T {
    if (this.value === null) this.value = compute();
    if (this.timer === null) {
      this.timer = setTimeout(() => this.clear(), this.ttlMs);
      this.timer.unref();
    } else {
      this.timer.refresh();
    }
    return this.value;
  }

  clear(): void {
    this.value = null;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }
}
