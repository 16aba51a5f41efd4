import { describe, expect, it } from 'vitest';
import { MessageRateLimiter } from './messageRateLimiter.js';

const limits = { maxMessagesPerSecond: 10, messageBurst: 20, maxBytesPerSecond: 1000, byteBurst: 5000, floodCloseAfterMs: 3000 };

function clock() {
  let t = 0;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('MessageRateLimiter', () => {
  it('admits the burst, then slows each message by 1/rate instead of refusing it', () => {
    const c = clock();
    const limiter = new MessageRateLimiter(limits, c.now);
    for (let i = 0; i < 20; i++) expect(limiter.admit(1)).toEqual({ verdict: 'admit' });
    expect(limiter.admit(1)).toEqual({ verdict: 'slow', exceeded: 'messages', waitMs: 100, first: true });
    // Frames already read while paused are charged too: the debt (and the pause) grows.
    expect(limiter.admit(1)).toEqual({ verdict: 'slow', exceeded: 'messages', waitMs: 200, first: false });
    c.advance(200);
    expect(limiter.admit(1)).toEqual({ verdict: 'slow', exceeded: 'messages', waitMs: 100, first: false });
    // Quiet long enough to have a token again: within budget, the stretch is over.
    c.advance(200);
    expect(limiter.admit(1)).toEqual({ verdict: 'admit' });
    expect(limiter.admit(1)).toMatchObject({ verdict: 'slow', first: true });
  });

  it('slows on bytes independently of the message count, for as long as the byte debt takes to refill', () => {
    const c = clock();
    const limiter = new MessageRateLimiter(limits, c.now);
    expect(limiter.admit(4000)).toEqual({ verdict: 'admit' });
    expect(limiter.admit(1500)).toEqual({ verdict: 'slow', exceeded: 'bytes', waitMs: 500, first: true });
    c.advance(500);
    expect(limiter.admit(0)).toEqual({ verdict: 'admit' });
    expect(limiter.admit(500)).toEqual({ verdict: 'slow', exceeded: 'bytes', waitMs: 500, first: true });
  });

  it('refuses, as a flood, a frame that would keep the connection over budget for longer than floodCloseAfterMs', () => {
    const c = clock();
    const limiter = new MessageRateLimiter(limits, c.now);
    for (let i = 0; i < 20; i++) limiter.admit(1);
    // 30 messages of debt take 3 s to refill: the limit, not past it.
    for (let i = 1; i <= 30; i++) expect(limiter.admit(1)).toMatchObject({ verdict: 'slow', waitMs: i * 100 });
    expect(limiter.admit(1)).toEqual({ verdict: 'refuse', exceeded: 'messages' });
    // A refused frame is not charged: 3 s pay off the debt, 0.1 s more is one token.
    c.advance(3100);
    expect(limiter.admit(1)).toEqual({ verdict: 'admit' });
  });

  it('refuses a writer that keeps going over budget at every resume once the stretch passes floodCloseAfterMs', () => {
    const c = clock();
    const limiter = new MessageRateLimiter(limits, c.now);
    for (let i = 0; i < 20; i++) limiter.admit(1);
    let elapsed = 0;
    for (;;) {
      const decision = limiter.admit(1);
      if (decision.verdict === 'refuse') break;
      expect(decision.verdict).toBe('slow');
      if (decision.verdict === 'slow') {
        c.advance(decision.waitMs); // the caller resumes reading when the pause ends
        elapsed += decision.waitMs;
      }
    }
    expect(elapsed).toBeGreaterThan(2900);
    expect(elapsed).toBeLessThanOrEqual(3000);
  });

  it('with floodCloseAfterMs 0, refuses the first frame over budget and charges nothing', () => {
    const c = clock();
    const limiter = new MessageRateLimiter({ ...limits, floodCloseAfterMs: 0 }, c.now);
    expect(limiter.admit(5001)).toEqual({ verdict: 'refuse', exceeded: 'bytes' });
    for (let i = 0; i < 20; i++) expect(limiter.admit(250)).toEqual({ verdict: 'admit' });
    expect(limiter.admit(0)).toEqual({ verdict: 'refuse', exceeded: 'messages' });
  });

  it('limits each connection on its own: a flooding one does not slow another', () => {
    const c = clock();
    const flooder = new MessageRateLimiter(limits, c.now);
    const quiet = new MessageRateLimiter(limits, c.now);
    const verdicts = Array.from({ length: 1000 }, () => flooder.admit(10).verdict);
    expect(verdicts.filter((verdict) => verdict === 'admit')).toHaveLength(20);
    expect(verdicts.filter((verdict) => verdict === 'slow')).toHaveLength(30);
    expect(quiet.admit(10)).toEqual({ verdict: 'admit' });
  });
});
