import { describe, expect, it } from 'vitest';
import { type Timers, TypingTracker } from './typingTracker.js';

/** A manual clock: timers fire only when the test advances time. */
function manualTimers() {
  let now = 0;
  let nextId = 1;
  const pending = new Map<number, { at: number; callback: () => void }>();
  const timers: Timers = {
    setTimeout(callback, ms) {
      const id = nextId++;
      pending.set(id, { at: now + ms, callback });
      return id;
    },
    clearTimeout(handle) {
      pending.delete(handle as number);
    },
  };
  const advance = (ms: number) => {
    now += ms;
    for (const [id, timer] of [...pending].sort((a, b) => a[1].at - b[1].at)) {
      if (timer.at <= now) {
        pending.delete(id);
        timer.callback();
      }
    }
  };
  return { timers, advance, pendingCount: () => pending.size };
}

describe('TypingTracker', () => {
  it('turns on at the first keystroke and off by itself after the timeout', () => {
    const clock = manualTimers();
    const changes: boolean[] = [];
    const tracker = new TypingTracker((typing) => changes.push(typing), 2000, clock.timers);
    tracker.keystroke();
    expect(tracker.typing).toBe(true);
    clock.advance(1999);
    expect(tracker.typing).toBe(true);
    clock.advance(1);
    expect(tracker.typing).toBe(false);
    expect(changes).toEqual([true, false]);
    expect(clock.pendingCount()).toBe(0);
  });

  it('each keystroke pushes the expiry back, without repeating the "on" change', () => {
    const clock = manualTimers();
    const changes: boolean[] = [];
    const tracker = new TypingTracker((typing) => changes.push(typing), 2000, clock.timers);
    tracker.keystroke();
    clock.advance(1500);
    tracker.keystroke();
    clock.advance(1500);
    expect(tracker.typing).toBe(true);
    clock.advance(500);
    expect(tracker.typing).toBe(false);
    expect(changes).toEqual([true, false]);
  });

  it('stop() ends typing at once and cancels the timer', () => {
    const clock = manualTimers();
    const changes: boolean[] = [];
    const tracker = new TypingTracker((typing) => changes.push(typing), 2000, clock.timers);
    tracker.keystroke();
    tracker.stop();
    expect(changes).toEqual([true, false]);
    expect(clock.pendingCount()).toBe(0);
    tracker.stop();
    expect(changes).toEqual([true, false]);
  });

  it('expires with real timers too', async () => {
    const changes: boolean[] = [];
    const tracker = new TypingTracker((typing) => changes.push(typing), 20);
    tracker.keystroke();
    const deadline = Date.now() + 2000;
    while (tracker.typing && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(changes).toEqual([true, false]);
  });

  it('renews the flag every refreshMs while typing, and stops renewing when typing stops', () => {
    const clock = manualTimers();
    const changes: boolean[] = [];
    const refreshes: number[] = [];
    const tracker = new TypingTracker((typing) => changes.push(typing), 2000, clock.timers, {
      refreshMs: 1000,
      onRefresh: (signal) => refreshes.push(signal),
    });
    tracker.keystroke();
    clock.advance(999);
    expect(refreshes).toEqual([]);
    clock.advance(1);
    tracker.keystroke();
    clock.advance(1000);
    tracker.keystroke();
    expect(refreshes).toEqual([1, 2]);
    clock.advance(2000);
    expect(tracker.typing).toBe(false);
    expect(changes).toEqual([true, false]);
    expect(clock.pendingCount()).toBe(0);
    const count = refreshes.length;
    clock.advance(5000);
    expect(refreshes).toHaveLength(count);
    tracker.keystroke();
    tracker.stop();
    expect(clock.pendingCount()).toBe(0);
  });

  it('rejects a timeout that is not a positive number', () => {
    expect(() => new TypingTracker(() => {}, 0)).toThrow(/typingTimeoutMs must be a positive number/);
  });
});
