import type { LimitsConfig } from './limitsConfig.js';
import { TokenBucket } from './tokenBucket.js';

export type RateDecision = { ok: true } | { ok: false; exceeded: 'messages' | 'bytes' };

export type RateLimits = Pick<LimitsConfig, 'maxMessagesPerSecond' | 'messageBurst' | 'maxBytesPerSecond' | 'byteBurst'>;

/**
 * The inbound rate limit of ONE connection: a message bucket and a byte bucket. Call `admit` for
 * every frame as it arrives (in the socket's message listener, before queueing it), so a flood is
 * caught before it fills memory. A refusal takes nothing from either bucket.
 */
export class MessageRateLimiter {
  private readonly messages: TokenBucket;
  private readonly bytes: TokenBucket;

  constructor(limits: RateLimits, now?: () => number) {
    this.messages = new TokenBucket({ ratePerSecond: limits.maxMessagesPerSecond, burst: limits.messageBurst, now });
    this.bytes = new TokenBucket({ ratePerSecond: limits.maxBytesPerSecond, burst: limits.byteBurst, now });
  }

  admit(byteLength: number): RateDecision {
    if (this.messages.available < 1) return { ok: false, exceeded: 'messages' };
    if (this.bytes.available < byteLength) return { ok: false, exceeded: 'bytes' };
    this.messages.take(1);
    this.bytes.take(byteLength);
    return { ok: true };
  }
}
