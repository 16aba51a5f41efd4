import type { CloseCodeValue } from '@tandem/protocol';
import type { Logger } from '../logger.js';
import type { ServerMetrics } from '../metrics/index.js';
import type { ConnectionHooks } from '../upgrade.js';

/** What the gate needs of a `ws` WebSocket: stop and restart reading from its socket; its close. */
export interface PausableSocket {
  pause(): void;
  resume(): void;
  once(event: 'close', listener: () => void): unknown;
}

export interface FrameGateOptions {
  socket: PausableSocket;
  admitFrame: ConnectionHooks['admitFrame'];
  logger: Logger;
  metrics: Pick<ServerMetrics, 'connectionThrottled'>;
  /** Monotonic clock in milliseconds (default `performance.now`). */
  now?: () => number;
}

/**
 * Flow control for what ONE connection sends: every frame passes `admit` as it arrives. A frame
 * over the connection's budget (a `SlowDown` from the guards) is not dropped, since a y-websocket
 * client would not resend it while connected, but handled once the budget has refilled for it, and the socket
 * is not read until then: the client's next frames wait in TCP buffers, so the client is held
 * back instead of cut off. Frames the socket had already read keep arriving while it is paused;
 * they are charged too, each handled in its turn, and lengthen the pause. A refusal (a flood, or
 * any other close code) is logged and returned for the connection to close with.
 */
export class FrameGate {
  private readonly socket: PausableSocket;
  private readonly admitFrame: ConnectionHooks['admitFrame'];
  private readonly logger: Logger;
  private readonly metrics: Pick<ServerMetrics, 'connectionThrottled'>;
  private readonly now: () => number;
  private timer: NodeJS.Timeout | null = null;
  private resumeAt = 0;
  private released = false;
  /** Slowed frames not yet due, in arrival order: each ends its wait (early on release). */
  private readonly waiting = new Set<() => void>();

  constructor(options: FrameGateOptions) {
    this.socket = options.socket;
    this.admitFrame = options.admitFrame;
    this.logger = options.logger;
    this.metrics = options.metrics;
    this.now = options.now ?? (() => performance.now());
    options.socket.once('close', () => this.release());
  }

  /** Reading is paused: the peer's frames, pongs included, wait unread (its silence proves nothing). */
  get paused(): boolean {
    return this.timer !== null;
  }

  /**
   * null: handle the frame now; a promise: handle it once that resolves (it never rejects), and
   * read nothing more until then; a close code: refuse the frame and close.
   */
  admit(byteLength: number): CloseCodeValue | Promise<void> | null {
    const verdict = this.admitFrame?.(byteLength) ?? null;
    if (verdict === null) return null;
    if (!('slowDownMs' in verdict)) {
      this.logger.warn({ frameBytes: byteLength, code: verdict.code }, `frame refused: ${verdict.reason}`);
      return verdict;
    }
    if (verdict.first) {
      this.metrics.connectionThrottled();
      this.logger.debug({ frameBytes: byteLength, pauseMs: verdict.slowDownMs }, 'over the message or byte budget: reading paused');
    }
    if (this.released) return null;
    this.pauseFor(verdict.slowDownMs);
    return new Promise<void>((resolve) => {
      const due = (): void => {
        clearTimeout(timer);
        this.waiting.delete(due);
        resolve();
      };
      const timer = setTimeout(due, Math.ceil(verdict.slowDownMs));
      this.waiting.add(due);
    });
  }

  /**
   * Slows nothing any more: slowed frames are due at once, reading resumes and never pauses again.
   * For a connection that is closing (its peer's close frame must be read) or draining for
   * shutdown; runs by itself when the socket closes.
   */
  release(): void {
    this.released = true;
    for (const due of this.waiting) due();
    if (this.timer === null) return;
    clearTimeout(this.timer);
    this.timer = null;
    this.socket.resume();
  }

  private pauseFor(ms: number): void {
    this.resumeAt = Math.max(this.resumeAt, this.now() + ms);
    if (this.timer !== null) return; // `wake` re-arms itself for the rest of a lengthened pause
    this.socket.pause();
    this.timer = setTimeout(this.wake, Math.ceil(ms));
  }

  private readonly wake = (): void => {
    // Timers count whole milliseconds: less than one left is close enough.
    const left = this.resumeAt - this.now();
    if (left >= 1) {
      this.timer = setTimeout(this.wake, Math.ceil(left));
      return;
    }
    this.timer = null;
    this.socket.resume();
  };
}
