import type { LimitsConfig } from '../config/limitsConfig.js';
import { TokenBucket } from './tokenBucket.js';

export type RateBudget = 'messages' | 'bytes';

export type RateDecision =
  /** Within budget. */
  | { verdict: 'admit' }
  /**
   * Over budget: the frame is charged and handled, and nothing more should be read from the
   * connection for `waitMs`, until its budget has refilled. `first`: it was within budget before.
   */
  | { verdict: 'slow'; exceeded: RateBudget; waitMs: number; first: boolean }
  /** Over budget for longer than `floodCloseAfterMs`: a flood. Nothing is charged. */
  | { verdict: 'refuse'; exceeded: RateBudget };

export type RateLimits = Pick<
  LimitsConfig,
  'maxMessagesPerSecond' | 'messageBurst' | 'maxBytesPerSecond' | 'byteBurst' | 'floodCloseAfterMs'
>;

/**
 * The inbound rate limit of ONE connection: a message bucket and a byte bucket. Call `admit` for
 * every frame as it arrives (in the socket's message listener, before queueing it). A writer that
 * goes over budget is slowed, not cut off: its frame is charged as a debt and the caller stops
 * reading the socket until the debt is paid off (TCP then holds the client back). Only a writer
 * that stays over budget, from its first frame over until its debt would be paid off, for longer
 * than `floodCloseAfterMs` is refused: a flood. A frame within budget ends the stretch; after a
 * quiet period the first frame always is (a full bucket holds at least one frame).
 */
export class MessageRateLimiter {
  private readonly messages: TokenBucket;
  private readonly bytes: TokenBucket;
  private readonly floodCloseAfterMs: number;
  private readonly now: () => number;
  /** When the current stretch over budget began; null while within budget. */
  private overSince: number | null = null;

  constructor(limits: RateLimits, now: () => number = () => performance.now()) {
    this.messages = new TokenBucket({ ratePerSecond: limits.maxMessagesPerSecond, burst: limits.messageBurst, now });
    this.bytes = new TokenBucket({ ratePerSecond: limits.maxBytesPerSecond, burst: limits.byteBurst, now });
    this.floodCloseAfterMs = limits.floodCloseAfterMs;
    this.now = now;
  }

  admit(byteLength: number): RateDecision {
    const messagesWait = this.messages.msUntil(1);
    const bytesWait = this.bytes.msUntil(byteLength);
    if (messagesWait === 0 && bytesWait === 0) {
      this.charge(byteLength);
      this.overSince = null;
      return { verdict: 'admit' };
    }
    const exceeded: RateBudget = messagesWait >= bytesWait ? 'messages' : 'bytes';
    const waitMs = Math.max(messagesWait, bytesWait);
    const now = this.now();
    const since = this.overSince ?? now;
    if (now + waitMs - since > this.floodCloseAfterMs) return { verdict: 'refuse', exceeded };
    this.charge(byteLength);
    const first = this.overSince === null;
    this.overSince = since;
    return { verdict: 'slow', exceeded, waitMs, first };
  }

  private charge(byteLength: number): void {
    this.messages.spend(1);
    this.bytes.spend(byteLength);
  }
}
