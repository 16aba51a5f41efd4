import { EventEmitter } from 'node:events';
import { CloseCode } from '@tandem/protocol';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../logger.js';
import type { ConnectionHooks } from '../upgrade.js';
import { FrameGate } from './frameGate.js';

/** A socket that records whether it is being read (the gate only pauses, resumes and watches its close). */
class Socket extends EventEmitter {
  reading = true;
  pauses = 0;
  pause() {
    this.reading = false;
    this.pauses++;
  }
  resume() {
    this.reading = true;
  }
}

function gateWith(admitFrame: ConnectionHooks['admitFrame']) {
  const socket = new Socket();
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger('debug', { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) });
  let throttled = 0;
  const metrics = { connectionThrottled: () => throttled++ };
  const gate = new FrameGate({ socket, admitFrame, logger, metrics, now: () => Date.now() });
  return { socket, gate, lines, throttled: () => throttled };
}

describe('FrameGate', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('holds a frame over budget until the pause is over, and reads nothing from the socket until then', async () => {
    const { socket, gate, lines, throttled } = gateWith(() => ({ slowDownMs: 100, first: true }));
    let handled = false;
    void (gate.admit(10) as Promise<void>).then(() => {
      handled = true;
    });
    expect(socket.reading).toBe(false);
    expect(gate.paused).toBe(true);
    expect(throttled()).toBe(1);
    expect(lines.find((line) => line.msg === 'over the message or byte budget: reading paused')).toMatchObject({ level: 20, pauseMs: 100 });
    await vi.advanceTimersByTimeAsync(99);
    expect({ reading: socket.reading, handled }).toEqual({ reading: false, handled: false });
    await vi.advanceTimersByTimeAsync(1);
    expect({ reading: socket.reading, handled }).toEqual({ reading: true, handled: true });
    expect(gate.paused).toBe(false);
  });

  it('frames that arrive while paused are each due in their turn and lengthen the pause; a stretch is counted once', async () => {
    const pauses = [50, 120, 200];
    const { socket, gate, throttled } = gateWith(() => ({ slowDownMs: pauses.shift() ?? 0, first: pauses.length === 2 }));
    const handledAt: number[] = [];
    const start = Date.now();
    const handleWhenDue = (admission: unknown) => void (admission as Promise<void>).then(() => handledAt.push(Date.now() - start));
    handleWhenDue(gate.admit(1));
    await vi.advanceTimersByTimeAsync(30);
    handleWhenDue(gate.admit(1)); // due 120 ms from now: 150
    handleWhenDue(gate.admit(1)); // due 200 ms from now: 230
    expect(socket.pauses).toBe(1);
    expect(throttled()).toBe(1);
    await vi.advanceTimersByTimeAsync(199);
    expect(socket.reading).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(socket.reading).toBe(true);
    expect(handledAt).toEqual([50, 150, 230]);
  });

  it('passes admitted frames through without pausing, and returns a refusal, logged at warn', () => {
    let verdict: ReturnType<NonNullable<ConnectionHooks['admitFrame']>> = null;
    const { socket, gate, lines } = gateWith(() => verdict);
    expect(gate.admit(5)).toBeNull();
    verdict = CloseCode.RateLimited;
    expect(gate.admit(7)).toBe(CloseCode.RateLimited);
    expect(socket.pauses).toBe(0);
    expect(lines.find((line) => line.msg === `frame refused: ${CloseCode.RateLimited.reason}`)).toMatchObject({
      level: 40,
      frameBytes: 7,
      code: CloseCode.RateLimited.code,
    });
  });

  it('on release, slowed frames are due at once and reading resumes; nothing is slowed after that', async () => {
    const { socket, gate } = gateWith(() => ({ slowDownMs: 10_000, first: true }));
    const slowed = gate.admit(1) as Promise<void>;
    gate.release();
    await slowed;
    expect(socket.reading).toBe(true);
    expect(gate.admit(1)).toBeNull();
    expect(socket.reading).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('stops its timer when the socket closes', () => {
    const { socket, gate } = gateWith(() => ({ slowDownMs: 10_000, first: true }));
    gate.admit(1);
    socket.emit('close');
    expect(gate.paused).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
  });
});
