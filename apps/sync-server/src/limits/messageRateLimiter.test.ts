import { describe, expect, it } from 'vitest';
import { MessageRateLimiter } from './messageRateLimiter.js';

const limits = { maxMessagesPerSecond: 10, messageBurst: 20, maxBytesPerSecond: 1000, byteBurst: 5000 };

function clock() {
  let t = 0;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('MessageRateLimiter', () => {
  it('refuses the message after the burst and lets one through per 1/rate seconds', () => {
    const c = clock();
    const limiter = new MessageRateLimiter(limits, c.now);
    for (let i = 0; i < 20; i++) expect(limiter.admit(1)).toEqual({ ok: true });
    expect(limiter.admit(1)).toEqual({ ok: false, exceeded: 'messages' });
    c.advance(100);
    expect(limiter.admit(1)).toEqual({ ok: true });
    expect(limiter.admit(1)).toEqual({ ok: false, exceeded: 'messages' });
  });

  it('refuses on bytes independently of the message count', () => {
    const c = clock();
    const limiter = new MessageRateLimiter(limits, c.now);
    expect(limiter.admit(4000)).toEqual({ ok: true });
    expect(limiter.admit(1001)).toEqual({ ok: false, exceeded: 'bytes' });
    expect(limiter.admit(1000)).toEqual({ ok: true });
    c.advance(500);
    expect(limiter.admit(500)).toEqual({ ok: true });
    expect(limiter.admit(1)).toEqual({ ok: false, exceeded: 'bytes' });
  });

  it('takes nothing from either bucket for a refused frame', () => {
    const c = clock();
    const limiter = new MessageRateLimiter(limits, c.now);
    expect(limiter.admit(5001)).toEqual({ ok: false, exceeded: 'bytes' });
    // The refused frame consumed no message token: the full message burst is still there.
    for (let i = 0; i < 20; i++) expect(limiter.admit(250)).toEqual({ ok: true });
    expect(limiter.admit(0)).toEqual({ ok: false, exceeded: 'messages' });
  });

  it('limits each connection on its own: a flooding one does not slow another', () => {
    const c = clock();
    const flooder = new MessageRateLimiter(limits, c.now);
    const quiet = new MessageRateLimiter(limits, c.now);
    let refused = 0;
    for (let i = 0; i < 1000; i++) if (!flooder.admit(10).ok) refused++;
    expect(refused).toBe(980);
    expect(quiet.admit(10)).toEqual({ ok: true });
  });
});
