import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { messageKinds } from './messageKind.js';
import { MessageTally } from './messageTally.js';

/** The `kind` label of `tandem_errors_total`. */
export type ErrorKind =
  /** A malformed frame closed its connection. */
  | 'protocol'
  /** An unexpected error while handling a frame or joining a room. */
  | 'internal'
  /** Loading a document from the store failed. */
  | 'store_load'
  /** Appending to the store failed (the room was reset, nothing of it was relayed). */
  | 'store_write'
  /** Background store work (online compaction) failed; nothing was lost. */
  | 'store_background';

export interface ServerMetricsOptions {
  /** Also collect prom-client's process and Node.js metrics (heap, GC, event loop lag). Default false. */
  processMetrics?: boolean;
}

export interface MetricsSources {
  connections: () => number;
  docsLoaded: () => number;
}

/**
 * One server's metrics, in its own prom-client `Registry` (never the global default one, so
 * several servers can run in one process). Every frame is counted in plain tallies (`received`,
 * `sent`) that prom-client reads when `/metrics` is scraped; everything else is prom-client's
 * own `Counter`, `Gauge` and `Histogram`.
 */
export interface ServerMetrics {
  readonly registry: Registry;
  /** Frames received, by kind (counted before decoding). */
  readonly received: MessageTally;
  /** Frames sent, by kind (a broadcast counts once per recipient). */
  readonly sent: MessageTally;
  /** Where the gauges read their values; the server calls this once. */
  bindSources(sources: MetricsSources): void;
  connectionOpened(): void;
  connectionClosed(code: number): void;
  /** A connection went over its message or byte budget and is being slowed (reading paused). */
  connectionThrottled(): void;
  error(kind: ErrorKind): void;
  /** One store append of `updates` updates and `bytes` bytes took `seconds`. */
  observePersist(seconds: number, updates: number, bytes: number): void;
  /** One document load took `seconds`. */
  observeLoad(seconds: number): void;
  /** One update-bearing frame was durably acknowledged `seconds` after it arrived. */
  observeAck(seconds: number): void;
  /** One online compaction of the store took `seconds`. */
  observeCompaction(seconds: number): void;
  /** One group commit of `batches` appends (PostgreSQL) took `seconds`. */
  observeCommit(seconds: number, batches: number): void;
}

const latencyBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
const slowBuckets = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * A counter by message type whose values are the running sums of a `MessageTally`, read when
 * `/metrics` is scraped (prom-client's `collect`). A tally is written on every frame and, for a
 * broadcast, once per recipient, so it stays two plain array writes instead of a labelled `inc`.
 * The sums count from the server's start (`registry.resetMetrics()` does not zero them).
 */
function tallyCounter(registry: Registry, name: string, help: string, tally: MessageTally, field: 'messages' | 'bytes'): void {
  new Counter({
    name,
    help,
    labelNames: ['type'],
    registers: [registry],
    collect() {
      this.reset();
      messageKinds.forEach((type, index) => {
        this.inc({ type }, tally[field][index] as number);
      });
    },
  });
}

export function createServerMetrics(options: ServerMetricsOptions = {}): ServerMetrics {
  const registry = new Registry();
  if (options.processMetrics === true) collectDefaultMetrics({ register: registry });
  const received = new MessageTally();
  const sent = new MessageTally();
  let sources: MetricsSources = { connections: () => 0, docsLoaded: () => 0 };
  const registers = [registry];

  new Gauge({
    name: 'tandem_connections',
    help: 'Open WebSocket connections.',
    registers,
    collect() {
      this.set(sources.connections());
    },
  });
  new Gauge({
    name: 'tandem_docs_loaded',
    help: 'Documents loaded in memory (or loading).',
    registers,
    collect() {
      this.set(sources.docsLoaded());
    },
  });
  const opened = new Counter({ name: 'tandem_connections_opened_total', help: 'WebSocket connections accepted.', registers });
  const closes = new Counter({
    name: 'tandem_connection_closes_total',
    help: 'Closed WebSocket connections by close code (1000 normal, 1001 going away, 1006 dropped, 4xxx Tandem codes).',
    labelNames: ['code'],
    registers,
  });
  const throttled = new Counter({
    name: 'tandem_connections_throttled_total',
    help: 'Times a connection went over its message or byte budget and was slowed (its socket not read until the budget refilled); a flood is then closed with 4529.',
    registers,
  });
  const errors = new Counter({ name: 'tandem_errors_total', help: 'Errors by kind.', labelNames: ['kind'], registers });
  for (const kind of ['protocol', 'internal', 'store_load', 'store_write', 'store_background'] satisfies ErrorKind[]) {
    errors.inc({ kind }, 0);
  }
  tallyCounter(registry, 'tandem_messages_received_total', 'WebSocket messages received, by type.', received, 'messages');
  tallyCounter(registry, 'tandem_received_bytes_total', 'WebSocket message bytes received, by type.', received, 'bytes');
  tallyCounter(registry, 'tandem_messages_sent_total', 'WebSocket messages sent, by type (once per recipient).', sent, 'messages');
  tallyCounter(registry, 'tandem_sent_bytes_total', 'WebSocket message bytes sent, by type (once per recipient).', sent, 'bytes');
  const persist = new Histogram({
    name: 'tandem_persist_duration_seconds',
    help: 'Duration of one store append (one batch of updates of one document).',
    buckets: latencyBuckets,
    registers,
  });
  const persistedUpdates = new Counter({ name: 'tandem_persisted_updates_total', help: 'Updates appended to the store.', registers });
  const persistedBytes = new Counter({ name: 'tandem_persisted_bytes_total', help: 'Update bytes appended to the store.', registers });
  const ack = new Histogram({
    name: 'tandem_ack_latency_seconds',
    help: 'From receiving an update-bearing frame (ack=1 connections) to sending the durable ack covering it.',
    buckets: latencyBuckets,
    registers,
  });
  const load = new Histogram({
    name: 'tandem_doc_load_duration_seconds',
    help: 'Duration of loading one document from the store.',
    buckets: slowBuckets,
    registers,
  });
  const compaction = new Histogram({
    name: 'tandem_compaction_duration_seconds',
    help: "Duration of one online compaction of a document's stored updates (its _count is the number of compactions).",
    buckets: slowBuckets,
    registers,
  });
  const compactions = new Counter({ name: 'tandem_compactions_total', help: 'Online compactions completed.', registers });
  const commit = new Histogram({
    name: 'tandem_store_commit_duration_seconds',
    help: 'Duration of one PostgreSQL group commit, BEGIN to COMMIT (durable when it returns).',
    buckets: latencyBuckets,
    registers,
  });
  const commitSize = new Histogram({
    name: 'tandem_store_commit_batches',
    help: 'Appends (batches, possibly of several documents) committed together in one PostgreSQL transaction.',
    buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256],
    registers,
  });

  return {
    registry,
    received,
    sent,
    bindSources(next) {
      sources = next;
    },
    connectionOpened: () => opened.inc(),
    connectionClosed: (code) => closes.inc({ code: String(code) }),
    connectionThrottled: () => throttled.inc(),
    error: (kind) => errors.inc({ kind }),
    observePersist(seconds, updates, bytes) {
      persist.observe(seconds);
      persistedUpdates.inc(updates);
      persistedBytes.inc(bytes);
    },
    observeLoad: (seconds) => load.observe(seconds),
    observeAck: (seconds) => ack.observe(seconds),
    observeCompaction(seconds) {
      compaction.observe(seconds);
      compactions.inc();
    },
    observeCommit(seconds, batches) {
      commit.observe(seconds);
      commitSize.observe(batches);
    },
  };
}
