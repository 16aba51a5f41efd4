import { ipLimitKey } from './ipLimitKey.js';

/**
 * Counts what each client address holds open (IPv6 per /64, see `ipLimitKey`) against one maximum.
 * An address leaves the map when its count drops to zero, so memory follows what is open.
 */
export class AddressCounter {
  private readonly counts = new Map<string, number>();
  readonly max: number;

  constructor(max: number) {
    this.max = max;
  }

  /** Counts one more for `address` and returns its idempotent release, or null when it is at the maximum. */
  acquire(address: string): (() => void) | null {
    const key = ipLimitKey(address);
    const count = this.counts.get(key) ?? 0;
    if (count >= this.max) return null;
    this.counts.set(key, count + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.counts.get(key) ?? 1) - 1;
      if (left > 0) this.counts.set(key, left);
      else this.counts.delete(key);
    };
  }

  /** What `address` holds now. */
  count(address: string): number {
    return this.counts.get(ipLimitKey(address)) ?? 0;
  }

  /** Addresses holding anything (for introspection and leak tests). */
  get addresses(): number {
    return this.counts.size;
  }
}
