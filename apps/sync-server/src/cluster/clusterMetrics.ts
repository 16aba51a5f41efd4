import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export type CatchUpReason = 'gap' | 'heartbeat' | 'redis_reconnect' | 'node_left' | 'sweep';

export interface ClusterMetrics {
  /** A batch another node stored arrived this long after that node sent it. */
  crossNodeDelay: (seconds: number) => void;
  /** A document's replica read missing batches back from the store. */
  catchUp: (reason: CatchUpReason, batches: number) => void;
  /** The Redis subscriber connection was lost. */
  redisDisconnected: () => void;
  /** A publish was dropped because Redis was away. */
  publishDropped: () => void;
  setNodes: (count: number) => void;
}

/** Gets or registers a metric (several servers may share one registry in tests). */
function registered<T>(registry: Registry, name: string, create: () => T): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? create();
}

/** The cluster's metrics, in `registry`; `connections` counts the whole cluster's open connections when scraped. */
export function createClusterMetrics(registry: Registry, connections: () => number): ClusterMetrics {
  const registers = [registry];
  const delay = registered(
    registry,
    'tandem_cluster_delay_seconds',
    () =>
      new Histogram({
        name: 'tandem_cluster_delay_seconds',
        help: 'Time from a node publishing a stored batch to another node receiving it (clocks of both machines).',
        buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.5, 1],
        registers,
      }),
  );
  const catchUps = registered(
    registry,
    'tandem_cluster_catchups_total',
    () =>
      new Counter({
        name: 'tandem_cluster_catchups_total',
        help: 'Reads of missed batches from the store, by reason (a gap in sequence numbers, a heartbeat naming a later number, Redis reconnect, a node left, the periodic sweep).',
        labelNames: ['reason'],
        registers,
      }),
  );
  const caughtUp = registered(
    registry,
    'tandem_cluster_caught_up_batches_total',
    () =>
      new Counter({
        name: 'tandem_cluster_caught_up_batches_total',
        help: 'Batches a catch-up found missing and applied.',
        registers,
      }),
  );
  const reconnects = registered(
    registry,
    'tandem_cluster_redis_disconnects_total',
    () =>
      new Counter({ name: 'tandem_cluster_redis_disconnects_total', help: 'Times the Redis subscriber connection was lost.', registers }),
  );
  const dropped = registered(
    registry,
    'tandem_cluster_publish_dropped_total',
    () =>
      new Counter({
        name: 'tandem_cluster_publish_dropped_total',
        help: 'Messages not published because Redis was away (other nodes catch up from the store).',
        registers,
      }),
  );
  const nodes = registered(
    registry,
    'tandem_cluster_nodes',
    () => new Gauge({ name: 'tandem_cluster_nodes', help: 'Nodes of the cluster this node hears (itself included).', registers }),
  );
  registered(
    registry,
    'tandem_cluster_connections',
    () =>
      new Gauge({
        name: 'tandem_cluster_connections',
        help: 'WebSocket connections open on every node of the cluster (this one now, the others as of their last heartbeat).',
        registers,
        collect() {
          this.set(connections());
        },
      }),
  );
  return {
    crossNodeDelay: (seconds) => delay.observe(Math.max(0, seconds)),
    catchUp: (reason, batches) => {
      catchUps.inc({ reason });
      if (batches > 0) caughtUp.inc(batches);
    },
    redisDisconnected: () => reconnects.inc(),
    publishDropped: () => dropped.inc(),
    setNodes: (count) => nodes.set(count),
  };
}
