import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TokenBucket } from './tokenBucket.js';

function clock(start = 1000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms), set: (ms: number) => (t = ms) };
}

describe('TokenBucket', () => {
  it('starts full and allows exactly the burst at once', () => {
    const c = clock();
    const bucket = new TokenBucket({ ratePerSecond: 200, burst: 400, now: c.now });
    for (let i = 0; i < 400; i++) expect(bucket.take()).toBe(true);
    expect(bucket.take()).toBe(false);
  });

  it('refills at the rate: 200/s gives one token every 5 ms', () => {
    const c = clock();
    const bucket = new TokenBucket({ ratePerSecond: 200, burst: 400, now: c.now });
    expect(bucket.take(400)).toBe(true);
    c.advance(4.9);
    expect(bucket.take()).toBe(false);
    c.advance(0.1);
    expect(bucket.take()).toBe(true);
    expect(bucket.take()).toBe(false);
    c.advance(1000);
    expect(bucket.available).toBeCloseTo(200, 9);
  });

  it('never holds more than the burst', () => {
    const c = clock();
    const bucket = new TokenBucket({ ratePerSecond: 10, burst: 5, now: c.now });
    c.advance(60_000);
    expect(bucket.available).toBe(5);
    expect(bucket.take(6)).toBe(false);
    expect(bucket.take(5)).toBe(true);
  });

  it('takes all or nothing', () => {
    const c = clock();
    const bucket = new TokenBucket({ ratePerSecond: 1000, burst: 100, now: c.now });
    expect(bucket.take(60)).toBe(true);
    expect(bucket.take(50)).toBe(false);
    expect(bucket.available).toBe(40);
    expect(bucket.take(40)).toBe(true);
  });

  it('adds nothing when the clock goes backwards, and does not count that time twice', () => {
    const c = clock(10_000);
    const bucket = new TokenBucket({ ratePerSecond: 1000, burst: 10, now: c.now });
    expect(bucket.take(10)).toBe(true);
    c.set(5_000);
    expect(bucket.available).toBe(0);
    c.set(10_003);
    expect(bucket.available).toBeCloseTo(3, 9);
  });

  it('rejects nonsense options and amounts', () => {
    expect(() => new TokenBucket({ ratePerSecond: 0, burst: 1 })).toThrow(RangeError);
    expect(() => new TokenBucket({ ratePerSecond: 1, burst: Number.NaN })).toThrow(/burst/);
    const bucket = new TokenBucket({ ratePerSecond: 1, burst: 1 });
    expect(() => bucket.take(-1)).toThrow(RangeError);
  });

  it('never lets more through than burst + rate × elapsed time', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1000 }),
        fc.integer({ min: 1, max: 1000 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 0, max: 300 })), { maxLength: 200 }),
        (rate, burst, steps) => {
          const c = clock(0);
          const bucket = new TokenBucket({ ratePerSecond: rate, burst, now: c.now });
          let taken = 0;
          for (const [wait, amount] of steps) {
            c.advance(wait);
            if (bucket.take(amount)) taken += amount;
          }
          expect(taken).toBeLessThanOrEqual(burst + (rate * c.now()) / 1000 + 1e-6);
        },
      ),
    );
  });

  it('spend goes into debt, which the refill pays off first; msUntil says when n tokens can be taken', () => {
    const c = clock();
    const bucket = new TokenBucket({ ratePerSecond: 100, burst: 10, now: c.now });
    expect(bucket.msUntil(10)).toBe(0);
    bucket.spend(15);
    expect(bucket.available).toBe(-5);
    expect(bucket.msUntil(1)).toBeCloseTo(60, 9);
    expect(bucket.take()).toBe(false);
    c.advance(60);
    expect(bucket.take()).toBe(true);
    expect(() => bucket.spend(-1)).toThrow(RangeError);
  });
});
