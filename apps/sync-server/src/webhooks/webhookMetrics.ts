import type { EndpointHealth, OutboxDepth } from '@tandem/persistence';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** How one attempt ended. */
export type AttemptResult = 'delivered' | 'http_error' | 'timeout' | 'network_error';

export interface WebhookMetrics {
  /** An event was added to the outbox (for one endpoint or several). */
  eventAdded(type: string): void;
  attempted(endpoint: string, result: AttemptResult, seconds: number): void;
  /** A delivery was delivered (`delaySeconds` after its event was added) or given up. */
  settled(endpoint: string, outcome: 'delivered' | 'failed', delaySeconds: number): void;
  /** This node disabled an endpoint. */
  disabled(endpoint: string): void;
}

/** What the gauges read when `/metrics` is scraped: the outbox's depth and the endpoints' health (the whole cluster's, from the store). */
export interface WebhookGaugeSources {
  depth: () => Promise<OutboxDepth[]>;
  health: () => Promise<EndpointHealth[]>;
}

/** Gets or registers a metric (several servers may share one registry in tests). */
function registered<T>(registry: Registry, name: string, create: () => T): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? create();
}

/** The webhooks' metrics in `registry` (prom-client, as the rest of the server's). */
export function createWebhookMetrics(registry: Registry, sources: WebhookGaugeSources): WebhookMetrics {
  const registers = [registry];
  const events = registered(
    registry,
    'tandem_webhook_events_total',
    () =>
      new Counter({
        name: 'tandem_webhook_events_total',
        help: 'Webhook events added to the outbox (by this node), by type.',
        labelNames: ['type'],
        registers,
      }),
  );
  const attempts = registered(
    registry,
    'tandem_webhook_attempts_total',
    () =>
      new Counter({
        name: 'tandem_webhook_attempts_total',
        help: 'Delivery attempts (by this node), by endpoint and result: delivered (2xx), http_error, timeout, network_error.',
        labelNames: ['endpoint', 'result'],
        registers,
      }),
  );
  const attemptSeconds = registered(
    registry,
    'tandem_webhook_attempt_duration_seconds',
    () =>
      new Histogram({
        name: 'tandem_webhook_attempt_duration_seconds',
        help: 'Time an endpoint took to answer one delivery attempt.',
        labelNames: ['endpoint'],
        buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
        registers,
      }),
  );
  const deliveries = registered(
    registry,
    'tandem_webhook_deliveries_total',
    () =>
      new Counter({
        name: 'tandem_webhook_deliveries_total',
        help: 'Deliveries settled (by this node), by endpoint and outcome: delivered, or failed (every retry used).',
        labelNames: ['endpoint', 'outcome'],
        registers,
      }),
  );
  const delay = registered(
    registry,
    'tandem_webhook_delivery_delay_seconds',
    () =>
      new Histogram({
        name: 'tandem_webhook_delivery_delay_seconds',
        help: 'Time from an event being added to the outbox (for document.updated: the end of its debounce) to its delivery.',
        labelNames: ['endpoint'],
        buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300, 3600, 86_400],
        registers,
      }),
  );
  const disables = registered(
    registry,
    'tandem_webhook_endpoints_disabled_total',
    () =>
      new Counter({
        name: 'tandem_webhook_endpoints_disabled_total',
        help: 'Endpoints this node disabled because every attempt failed for webhookDisableAfterSec.',
        labelNames: ['endpoint'],
        registers,
      }),
  );
  registered(
    registry,
    'tandem_webhook_queue_depth',
    () =>
      new Gauge({
        name: 'tandem_webhook_queue_depth',
        help: 'Deliveries waiting (pending, including those being retried), by endpoint: the whole outbox, the same on every node.',
        labelNames: ['endpoint'],
        registers,
        async collect() {
          const depths = await sources.depth().catch(() => null);
          for (const { endpoint, pending } of depths ?? []) this.set({ endpoint }, pending);
        },
      }),
  );
  registered(
    registry,
    'tandem_webhook_oldest_pending_seconds',
    () =>
      new Gauge({
        name: 'tandem_webhook_oldest_pending_seconds',
        help: 'Age of the oldest delivery waiting, by endpoint (0 when none waits).',
        labelNames: ['endpoint'],
        registers,
        async collect() {
          const depths = await sources.depth().catch(() => null);
          const now = Date.now();
          for (const { endpoint, oldestCreatedAt } of depths ?? []) {
            this.set({ endpoint }, oldestCreatedAt === null ? 0 : Math.max(0, now - oldestCreatedAt) / 1000);
          }
        },
      }),
  );
  registered(
    registry,
    'tandem_webhook_endpoint_disabled',
    () =>
      new Gauge({
        name: 'tandem_webhook_endpoint_disabled',
        help: '1 while an endpoint is disabled (nothing is delivered to it until POST /api/webhooks/<id>/enable).',
        labelNames: ['endpoint'],
        registers,
        async collect() {
          const health = await sources.health().catch(() => null);
          for (const { endpoint, disabledAt } of health ?? []) this.set({ endpoint }, disabledAt === null ? 0 : 1);
        },
      }),
  );
  return {
    eventAdded: (type) => events.inc({ type }),
    attempted: (endpoint, result, seconds) => {
      attempts.inc({ endpoint, result });
      attemptSeconds.observe({ endpoint }, seconds);
    },
    settled: (endpoint, outcome, delaySeconds) => {
      deliveries.inc({ endpoint, outcome });
      if (outcome === 'delivered') delay.observe({ endpoint }, delaySeconds);
    },
    disabled: (endpoint) => disables.inc({ endpoint }),
  };
}
