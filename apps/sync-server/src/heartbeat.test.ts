import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type HeartbeatTarget, startHeartbeat } from './heartbeat.js';

function target(): HeartbeatTarget & { pings: number; terminated: number } {
  return {
    alive: true,
    unansweredTicks: -1,
    pings: 0,
    terminated: 0,
    ping() {
      this.pings++;
    },
    terminate() {
      this.terminated++;
    },
  };
}

describe('heartbeat', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('never pings a connection that keeps sending; pings a quiet one once per interval', () => {
    const busy = target();
    const quiet = target();
    const stop = startHeartbeat(() => [busy, quiet], 2000);
    let answered = 0;
    for (let ms = 0; ms < 20_000; ms += 200) {
      busy.alive = true; // a frame every 200 ms
      vi.advanceTimersByTime(200);
      // The quiet one sends nothing but answers each ping at once.
      if (quiet.pings > answered) {
        answered = quiet.pings;
        quiet.alive = true;
      }
    }
    stop();
    expect(busy.pings).toBe(0);
    expect(quiet.pings).toBeGreaterThanOrEqual(9);
    expect(quiet.pings).toBeLessThanOrEqual(10);
    expect(busy.terminated + quiet.terminated).toBe(0);
  });

  it('drops a connection within two intervals of its last sign of life, after one unanswered ping', () => {
    const ghost = target();
    const stop = startHeartbeat(() => [ghost], 2000);
    // Its last frame arrives just after a tick: the worst case.
    vi.advanceTimersByTime(1000);
    ghost.alive = true;
    const lastSignOfLife = Date.now();
    while (ghost.terminated === 0) vi.advanceTimersByTime(100);
    stop();
    expect(ghost.pings).toBe(1);
    expect(Date.now() - lastSignOfLife).toBeLessThanOrEqual(4000);
  });

  it('a pong that comes late, but within the interval, keeps the connection', () => {
    const slow = target();
    const stop = startHeartbeat(() => [slow], 2000);
    const pongsDue: number[] = [];
    let seen = 0;
    for (let ms = 0; ms < 30_000; ms += 100) {
      vi.advanceTimersByTime(100);
      if (slow.pings > seen) {
        seen = slow.pings;
        pongsDue.push(Date.now() + 1900); // every pong 1.9 s after its ping
      }
      if (pongsDue.length > 0 && Date.now() >= (pongsDue[0] as number)) {
        pongsDue.shift();
        slow.alive = true;
      }
    }
    stop();
    expect(slow.pings).toBeGreaterThanOrEqual(5);
    expect(slow.terminated).toBe(0);
  });

  it('keeps a connection whose reading is paused (its pongs wait unread), and drops it if it stays silent once resumed', () => {
    const gate = { paused: true };
    const paused = { ...target(), gate };
    const stop = startHeartbeat(() => [paused], 2000);
    vi.advanceTimersByTime(20_000);
    expect(paused.terminated + paused.pings).toBe(0);
    gate.paused = false;
    vi.advanceTimersByTime(4000);
    stop();
    expect(paused.pings).toBe(1);
    expect(paused.terminated).toBeGreaterThan(0);
  });
});
