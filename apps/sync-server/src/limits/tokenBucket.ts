export interface TokenBucketOptions {
  /** Tokens added per second. */
  ratePerSecond: number;
  /** Capacity: the most that can be taken at once after a quiet period. The bucket starts full. */
  burst: number;
  /** Monotonic clock in milliseconds (default `performance.now`); injectable for tests. */
  now?: () => number;
}

/**
 * A token bucket refilled continuously at `ratePerSecond` up to `burst`. `take(n)` either takes
 * all `n` tokens or none, so a refused request costs nothing. `spend(n)` always takes them and may
 * leave a debt, which the refill pays off first (flow control: the work is done, the next is
 * delayed). A clock that goes backwards adds nothing (it never removes tokens either).
 */
export class TokenBucket {
  private readonly ratePerMs: number;
  private readonly burst: number;
  private readonly now: () => number;
  private tokens: number;
  private last: number;

  constructor(options: TokenBucketOptions) {
    if (!(options.ratePerSecond > 0) || !Number.isFinite(options.ratePerSecond)) {
      throw new RangeError(`TokenBucket: ratePerSecond must be a positive number (got ${options.ratePerSecond})`);
    }
    if (!(options.burst > 0) || !Number.isFinite(options.burst)) {
      throw new RangeError(`TokenBucket: burst must be a positive number (got ${options.burst})`);
    }
    this.ratePerMs = options.ratePerSecond / 1000;
    this.burst = options.burst;
    this.now = options.now ?? (() => performance.now());
    this.tokens = options.burst;
    this.last = this.now();
  }

  /** Takes `n` tokens if that many are available; otherwise takes none and returns false. */
  take(n = 1): boolean {
    if (!(n >= 0) || !Number.isFinite(n)) throw new RangeError(`TokenBucket: cannot take ${n} tokens`);
    this.refill();
    if (n > this.tokens) return false;
    this.tokens -= n;
    return true;
  }

  /** Takes `n` tokens even if fewer are left (the balance may go below zero). */
  spend(n: number): void {
    if (!(n >= 0) || !Number.isFinite(n)) throw new RangeError(`TokenBucket: cannot spend ${n} tokens`);
    this.refill();
    this.tokens -= n;
  }

  /** Milliseconds until `n` tokens could be taken without going below zero (0 if they can now). */
  msUntil(n: number): number {
    const missing = n - this.available;
    return missing > 0 ? missing / this.ratePerMs : 0;
  }

  /** Tokens available right now (negative while a debt is paid off). */
  get available(): number {
    this.refill();
    return this.tokens;
  }

  private refill(): void {
    const now = this.now();
    const elapsed = now - this.last;
    if (elapsed > 0) this.tokens = Math.min(this.burst, this.tokens + elapsed * this.ratePerMs);
    this.last = Math.max(this.last, now);
  }
}
