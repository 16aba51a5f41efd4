import type { CursorChange, Outbox } from '@tandem/persistence';
import type { Logger } from '../logger.js';
import type { WebhookEndpoint } from './webhookEndpoints.js';
import type { WebhookEventType } from './webhookEventTypes.js';
import type { WebhookMetrics } from './webhookMetrics.js';

/** One event about one document. */
export interface WebhookEvent {
  /** The `webhook-id` of its deliveries. */
  id: string;
  type: WebhookEventType;
  doc: string;
  /** When it happened (epoch ms): the payload's `timestamp`. */
  at: number;
  data: Record<string, unknown>;
}

/** Retries of an event the store could not take, before its loss is logged. */
const retryDelaysMs = [500, 1000, 2000, 4000, 8000, 16_000];

/**
 * Puts events into the outbox: one entry per endpoint that wants the event, in the document's
 * lane, the body (`{"type", "timestamp", "data"}`) fixed now and sent unchanged on every attempt.
 */
export class WebhookEmitter {
  /** Retries waiting for their time, each with the call that makes it at once. */
  private readonly retries = new Map<NodeJS.Timeout, () => void>();
  private closed = false;

  constructor(
    private readonly options: {
      outbox: Outbox;
      endpoints: ReadonlyMap<string, WebhookEndpoint>;
      logger: Logger;
      metrics: WebhookMetrics;
      /** Something was added: deliver it. */
      onAdded: () => void;
    },
  ) {}

  /** Adds the event (and moves `cursor` in the same step); false when the cursor was not as expected. */
  async emit(event: WebhookEvent, cursor?: CursorChange): Promise<boolean> {
    const { outbox, endpoints, logger, metrics } = this.options;
    const payload = JSON.stringify({ type: event.type, timestamp: new Date(event.at).toISOString(), data: event.data });
    const createdAt = Date.now();
    const entries = [...endpoints.values()]
      .filter((endpoint) => endpoint.wants(event.type, event.doc))
      .map((endpoint) => ({ eventId: event.id, type: event.type, endpoint: endpoint.id, lane: event.doc, payload, createdAt }));
    if (entries.length === 0 && cursor === undefined) return true;
    const { applied, added } = await outbox.add(entries, cursor === undefined ? {} : { cursor });
    if (added.length > 0) {
      metrics.eventAdded(event.type);
      logger.debug(
        { doc: event.doc, event: event.id, type: event.type, endpoints: added.map((entry) => entry.endpoint) },
        'webhook event queued',
      );
      this.options.onAdded();
    }
    return applied;
  }

  /**
   * Adds an event that has no condition (a deletion, a restore), retrying while the store refuses
   * it; resolves once it is added, or once its loss is logged.
   */
  emitReliably(event: WebhookEvent, cursor?: CursorChange): Promise<void> {
    return new Promise<void>((resolve) => {
      const attempt = (index: number): void => {
        this.emit(event, cursor).then(
          () => resolve(),
          (error: unknown) => {
            const delay = retryDelaysMs[index];
            if (delay === undefined || this.closed) {
              this.options.logger.error(
                { err: error, doc: event.doc, event: event.id, type: event.type },
                'webhook event lost: the store did not take it',
              );
              resolve();
              return;
            }
            this.options.logger.warn(
              { err: error, doc: event.doc, type: event.type, retryInMs: delay },
              'queueing a webhook event failed; retrying',
            );
            const retry = () => {
              this.retries.delete(timer);
              attempt(index + 1);
            };
            const timer = setTimeout(retry, delay);
            timer.unref();
            this.retries.set(timer, retry);
          },
        );
      };
      attempt(0);
    });
  }

  /** Stops waiting: each event still being retried gets one last try now (a failure is logged as its loss). */
  close(): void {
    this.closed = true;
    for (const [timer, retry] of [...this.retries]) {
      clearTimeout(timer);
      retry();
    }
  }
}
