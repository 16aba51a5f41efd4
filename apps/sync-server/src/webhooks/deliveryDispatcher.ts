import type { EndpointHealth, Outbox, OutboxEntry, Settlement } from '@tandem/persistence';
import type { Logger } from '../logger.js';
import { logAtMostEvery } from '../logAtMostEvery.js';
import { AttemptStopped, type AttemptOutcome, postWebhook } from './postWebhook.js';
import { nextAttemptAt } from './retrySchedule.js';
import type { WebhookEndpoint } from './webhookEndpoints.js';
import type { WebhookMetrics } from './webhookMetrics.js';

export interface DispatcherOptions {
  outbox: Outbox;
  endpoints: ReadonlyMap<string, WebhookEndpoint>;
  /** This process's name on its leases (unique per process). */
  owner: string;
  logger: Logger;
  metrics: WebhookMetrics;
  timeoutMs: number;
  /** Delays in seconds before each retry. */
  retrySchedule: readonly number[];
  disableAfterMs: number;
  /** Look for due deliveries this often (besides being woken when something is added or settled). */
  pollMs?: number;
  /** Attempts in flight per endpoint. */
  concurrency?: number;
  /** How long a stopping node lets attempts in flight finish before it stops them (their leases are given back). */
  stopGraceMs?: number;
}

interface Flight {
  done: Promise<void>;
  stop: AbortController;
}

/**
 * Delivers the outbox, on every node: claims due deliveries (a lease each, so across the nodes of a
 * cluster exactly one attempts a delivery at a time; the outbox hands out only the oldest pending
 * delivery of each document, so a document's later event waits for the earlier one), POSTs them,
 * and settles each attempt: delivered, retried on the schedule, or given up once it is used up. An
 * endpoint whose every attempt failed for `disableAfterMs` is disabled (a log line, a metric).
 */
export class DeliveryDispatcher {
  private readonly options: Required<DispatcherOptions>;
  private readonly flights = new Map<number, Flight>();
  private readonly perEndpoint = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  private claiming = false;
  private again = false;
  private closed = false;
  private readonly warnClaimFailed: (error: unknown) => void;

  constructor(options: DispatcherOptions) {
    this.options = { pollMs: 1000, concurrency: 8, stopGraceMs: 3000, ...options };
    this.warnClaimFailed = logAtMostEvery(10_000, (suppressed, error: unknown) =>
      this.options.logger.warn({ err: error, suppressed }, 'claiming webhook deliveries failed; trying again'),
    );
  }

  /** Deliveries being attempted by this node now. */
  get inFlight(): number {
    return this.flights.size;
  }

  start(): void {
    if (this.timer !== null || this.closed || this.options.endpoints.size === 0) return;
    this.timer = setInterval(() => this.wake(), this.options.pollMs);
    this.timer.unref();
    this.wake();
  }

  /** Looks for due deliveries now (something was added, or a lane's delivery settled). */
  wake(): void {
    if (this.closed || this.timer === null) return;
    if (this.claiming) {
      this.again = true;
      return;
    }
    this.claiming = true;
    void this.claimRound().finally(() => {
      this.claiming = false;
      if (this.again) {
        this.again = false;
        this.wake();
      }
    });
  }

  /** Stops claiming, lets attempts in flight finish for a moment, then stops them and gives their leases back. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer !== null) clearInterval(this.timer);
    const all = () => Promise.allSettled([...this.flights.values()].map((flight) => flight.done));
    let graceTimer: NodeJS.Timeout | undefined;
    const grace = new Promise((resolve) => {
      graceTimer = setTimeout(resolve, this.options.stopGraceMs);
    });
    await Promise.race([all(), grace]);
    clearTimeout(graceTimer);
    for (const flight of this.flights.values()) flight.stop.abort();
    await all();
  }

  private async claimRound(): Promise<void> {
    const { outbox, owner, concurrency, timeoutMs } = this.options;
    for (const endpoint of this.options.endpoints.values()) {
      const free = concurrency - (this.perEndpoint.get(endpoint.id) ?? 0);
      if (free <= 0 || this.closed) continue;
      let claimed: OutboxEntry[];
      try {
        claimed = await outbox.claim({ owner, endpoints: [endpoint.id], now: Date.now(), leaseMs: timeoutMs + 30_000, limit: free });
      } catch (error) {
        this.warnClaimFailed(error);
        continue;
      }
      for (const entry of claimed) this.launch(endpoint, entry);
      if (claimed.length === free) this.again = true;
    }
  }

  private launch(endpoint: WebhookEndpoint, entry: OutboxEntry): void {
    if (this.closed) {
      void this.options.outbox.release(entry.id, this.options.owner).catch(() => {});
      return;
    }
    this.perEndpoint.set(endpoint.id, (this.perEndpoint.get(endpoint.id) ?? 0) + 1);
    const stop = new AbortController();
    const done = this.deliver(endpoint, entry, stop.signal)
      .catch((error: unknown) =>
        this.options.logger.error({ err: error, endpoint: endpoint.id, delivery: entry.id }, 'webhook delivery failed unexpectedly'),
      )
      .finally(() => {
        this.flights.delete(entry.id);
        this.perEndpoint.set(endpoint.id, (this.perEndpoint.get(endpoint.id) ?? 1) - 1);
        this.wake();
      });
    this.flights.set(entry.id, { done, stop });
  }

  private async deliver(endpoint: WebhookEndpoint, entry: OutboxEntry, stop: AbortSignal): Promise<void> {
    const { outbox, owner, logger, metrics } = this.options;
    let outcome: AttemptOutcome;
    try {
      outcome = await postWebhook(endpoint, entry, this.options.timeoutMs, stop);
    } catch (error) {
      if (!(error instanceof AttemptStopped)) throw error;
      await outbox.release(entry.id, owner).catch(() => {});
      return;
    }
    metrics.attempted(endpoint.id, outcome.result, outcome.durationMs / 1000);
    const at = Date.now();
    const attempts = entry.attempts + 1;
    const retryAt = outcome.delivered ? null : nextAttemptAt(this.options.retrySchedule, attempts, at);
    const next: Settlement['next'] = outcome.delivered
      ? { state: 'delivered' }
      : retryAt === null
        ? { state: 'failed' }
        : { state: 'pending', at: retryAt };
    const log = { endpoint: endpoint.id, doc: entry.lane, event: entry.eventId, type: entry.type, delivery: entry.id, attempt: attempts };
    let health: EndpointHealth | null;
    try {
      health = await outbox.settle(entry.id, owner, {
        at,
        durationMs: outcome.durationMs,
        statusCode: outcome.statusCode,
        error: outcome.error,
        next,
      });
    } catch (error) {
      logger.warn({ err: error, ...log }, 'recording a webhook attempt failed; the delivery is tried again once its lease runs out');
      return;
    }
    if (health === null) {
      logger.warn(log, 'a webhook delivery outlived its lease; its attempt was not recorded');
      return;
    }
    if (next.state === 'delivered') {
      metrics.settled(endpoint.id, 'delivered', (at - entry.createdAt) / 1000);
      logger.debug({ ...log, status: outcome.statusCode, ms: outcome.durationMs }, 'webhook delivered');
    } else if (next.state === 'failed') {
      metrics.settled(endpoint.id, 'failed', (at - entry.createdAt) / 1000);
      logger.warn(
        { ...log, error: outcome.error },
        'webhook delivery given up: every retry of the schedule failed (a replay can send it again)',
      );
    } else {
      logger.info({ ...log, error: outcome.error, retryAt: new Date(next.at).toISOString() }, 'webhook attempt failed; retrying');
    }
    if (!outcome.delivered) await this.disableIfFailingTooLong(endpoint, health, at, outcome.error);
  }

  private async disableIfFailingTooLong(
    endpoint: WebhookEndpoint,
    health: EndpointHealth,
    now: number,
    lastError: string | null,
  ): Promise<void> {
    const { failingSince } = health;
    if (failingSince === null || health.disabledAt !== null || now - failingSince < this.options.disableAfterMs) return;
    const since = new Date(failingSince).toISOString();
    const reason = `every attempt failed since ${since} (webhookDisableAfterSec); last error: ${lastError ?? 'unknown'}`;
    try {
      const { changed } = await this.options.outbox.setDisabled(endpoint.id, { at: now, reason: reason.slice(0, 1000) });
      if (!changed) return;
      this.options.metrics.disabled(endpoint.id);
      this.options.logger.error(
        { endpoint: endpoint.id, failingSince: since, lastError },
        `webhook endpoint disabled: every attempt failed for ${Math.round((now - failingSince) / 1000)} s; its deliveries wait until POST /api/webhooks/${endpoint.id}/enable`,
      );
    } catch (error) {
      this.options.logger.warn(
        { err: error, endpoint: endpoint.id },
        'disabling a failing webhook endpoint failed; tried again at its next failure',
      );
    }
  }
}
