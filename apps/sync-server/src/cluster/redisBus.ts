import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Logger } from '../logger.js';
import { logAtMostEvery } from '../logAtMostEvery.js';

export interface RedisBusOptions {
  url: string;
  logger: Logger;
  /** A message on a subscribed channel (the node's own included). */
  onMessage: (channel: string, message: Uint8Array) => void;
  /** The subscriber connection is back after it was lost: messages may have been missed meanwhile. */
  onReconnected: () => void;
  /** Counted on every lost connection (for metrics). */
  onDisconnected?: () => void;
}

/** Redis reconnect delay: short, since a node without Redis serves only its own clients. */
const retryDelayMs = (attempt: number): number => Math.min(50 * attempt, 1000);

/**
 * Publish/subscribe over Redis: one connection publishes, one subscribes. Nothing is queued while
 * Redis is away (a publish then fails at once, and is the caller's to drop: the store has the data,
 * and subscribers catch up from it when they notice); subscriptions are counted per channel and
 * made again on every reconnect, after which `onReconnected` tells the node to catch up.
 */
export class RedisBus {
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private readonly channels = new Map<string, number>();
  private readonly options: RedisBusOptions;
  private wasReady = false;
  private closed = false;

  constructor(options: RedisBusOptions) {
    this.options = options;
    const common = {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      retryStrategy: retryDelayMs,
      connectTimeout: 2000,
      lazyConnect: false,
    };
    this.publisher = new Redis(options.url, { ...common, connectionName: 'tandem-publish' });
    this.subscriber = new Redis(options.url, { ...common, connectionName: 'tandem-subscribe', autoResubscribe: false });
    const logError = logAtMostEvery(5000, (suppressed: number, role: string, error: Error) =>
      options.logger.warn({ err: error, role, suppressed }, 'Redis connection error; retrying'),
    );
    this.publisher.on('error', (error: Error) => logError('publish', error));
    this.subscriber.on('error', (error: Error) => logError('subscribe', error));
    this.subscriber.on('messageBuffer', (channel: Buffer, message: Buffer) => options.onMessage(channel.toString(), message));
    this.subscriber.on('ready', () => this.onSubscriberReady());
    this.subscriber.on('close', () => {
      if (this.wasReady && !this.closed) {
        options.logger.warn('Redis subscriber connection lost; messages are caught up from the store once it is back');
        options.onDisconnected?.();
      }
    });
  }

  /** Both connections are up. */
  get ready(): boolean {
    return this.publisher.status === 'ready' && this.subscriber.status === 'ready';
  }

  /** Resolves once the connections are up for the first time (rejects after `timeoutMs`). */
  async connected(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.ready) {
      if (Date.now() > deadline) throw new Error(`Redis is not reachable at ${redactUrl(this.options.url)} after ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /**
   * Starts receiving `channel` (counted: each call needs one `unsubscribe`). Resolves once Redis
   * confirmed it, or at once while Redis is away (the reconnect subscribes, then catches up). Never rejects.
   */
  async subscribe(channel: string): Promise<void> {
    const count = this.channels.get(channel) ?? 0;
    this.channels.set(channel, count + 1);
    if (count > 0 || this.subscriber.status !== 'ready') return;
    try {
      await this.subscriber.subscribe(channel);
    } catch (error) {
      // Lost meanwhile: the reconnect subscribes again and the node catches up.
      this.options.logger.debug({ err: error, channel }, 'subscribe failed; retried on reconnect');
    }
  }

  unsubscribe(channel: string): void {
    const count = this.channels.get(channel) ?? 0;
    if (count > 1) {
      this.channels.set(channel, count - 1);
      return;
    }
    this.channels.delete(channel);
    if (this.subscriber.status === 'ready') this.subscriber.unsubscribe(channel).catch(() => {});
  }

  /**
   * A secret every node of the cluster shares (`key` holds it: the first node to ask puts its
   * `proposal` there, the others read it), e.g. for tokens one node seals and another opens.
   */
  async sharedSecret(key: string, proposal: Uint8Array = randomBytes(32)): Promise<Buffer> {
    await this.publisher.set(key, Buffer.from(proposal).toString('base64'), 'NX');
    const value = await this.publisher.get(key);
    if (value === null) throw new Error(`Redis lost the shared secret ${key}`);
    return Buffer.from(value, 'base64');
  }

  /** Publishes, or returns false at once when Redis is away (nothing is queued). */
  publish(channel: string, message: Uint8Array): boolean {
    if (this.publisher.status !== 'ready') return false;
    this.publisher.publish(channel, Buffer.from(message.buffer, message.byteOffset, message.byteLength)).catch(() => {});
    return true;
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.allSettled([this.publisher.quit(), this.subscriber.quit()]);
    this.publisher.disconnect();
    this.subscriber.disconnect();
  }

  private onSubscriberReady(): void {
    const channels = [...this.channels.keys()];
    const resubscribed = channels.length === 0 ? Promise.resolve() : this.subscriber.subscribe(...channels).then(() => undefined);
    const reconnected = this.wasReady;
    this.wasReady = true;
    // The first connection after documents were opened without Redis counts as a reconnect too.
    if (!reconnected && channels.length === 0) return;
    resubscribed.then(
      () => {
        if (reconnected) this.options.logger.info({ channels: channels.length }, 'Redis subscriber connection back; catching up');
        this.options.onReconnected();
      },
      (error: unknown) => this.options.logger.warn({ err: error }, 'resubscribing after a Redis reconnect failed'),
    );
  }
}

/** The URL without its password, for messages. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparsable URL)';
  }
}
