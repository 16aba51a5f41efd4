import { randomBytes } from 'node:crypto';
import type { DocumentStore } from '@tandem/persistence';
import type * as Y from 'yjs';
import type { SyncServerConfig } from '../config/index.js';
import type { Logger } from '../logger.js';
import type { ServerMetrics } from '../metrics/index.js';
import { ChangeDebouncer } from './changeDebouncer.js';
import { DeliveryDispatcher } from './deliveryDispatcher.js';
import type { DocLifecycle } from './docLifecycle.js';
import { derivedEventId, randomEventId } from './eventIds.js';
import { UpdateAnnouncer } from './updateAnnouncer.js';
import { WebhookEmitter, type WebhookEvent } from './webhookEmitter.js';
import { type WebhookEndpoint, webhookEndpoints } from './webhookEndpoints.js';
import { createWebhookMetrics } from './webhookMetrics.js';

export interface WebhooksOptions {
  config: SyncServerConfig;
  store: DocumentStore;
  logger: Logger;
  metrics: ServerMetrics;
  nodeId: string;
  /** In a cluster: other nodes may die with changes unannounced, so look for them periodically. */
  clustered: boolean;
  /** The document as this node has it loaded, or null. */
  liveDoc: (name: string) => Y.Doc | null;
}

export interface Webhooks {
  readonly endpoints: ReadonlyMap<string, WebhookEndpoint>;
  readonly lifecycle: DocLifecycle;
  /** Deliver now (something was replayed or an endpoint enabled). */
  wake(): void;
  /** This node stored a batch of `name` whose first number is `firstSeq`. */
  appended(name: string, firstSeq: number): void;
  /** A change to `name` was stored, here or on another node. */
  changed(name: string): void;
  /** `store`, whose `createVersion` also reports each version it makes (`version.created`). */
  observeVersions(store: DocumentStore): DocumentStore;
  /** Documents with changes this node has not announced yet. */
  readonly pending: number;
  /** Starts delivering and looks for changes a stopped process left unannounced. */
  start(): void;
  /** Announces what is pending, lets deliveries in flight finish (briefly), stops. */
  close(): Promise<void>;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const sweepIntervalMs = 60_000;
/** The log is pruned this often, to `webhookLogRetentionSec` and this many deliveries and attempts per endpoint (a LevelDB store holds them in memory). */
const pruneIntervalMs = 10 * 60_000;
const keptPerEndpoint = 10_000;

/**
 * The server's webhooks (see the README's "Webhooks"): events into the store's outbox, delivered
 * and retried by every node. With no endpoint configured, nothing is recorded and nothing runs.
 */
export function createWebhooks(options: WebhooksOptions): Webhooks {
  const { config, store } = options;
  const logger = options.logger.child({ component: 'webhooks' });
  const endpoints = webhookEndpoints(config.webhooks);
  const enabled = endpoints.size > 0;
  const ids = [...endpoints.keys()];
  const metrics = createWebhookMetrics(options.metrics.registry, {
    depth: () => (enabled ? store.outbox.depth(ids) : Promise.resolve([])),
    health: () => (enabled ? store.outbox.health(ids) : Promise.resolve([])),
  });
  const dispatcher = new DeliveryDispatcher({
    outbox: store.outbox,
    endpoints,
    owner: `${options.nodeId}/${randomBytes(4).toString('hex')}`,
    logger,
    metrics,
    timeoutMs: config.webhookTimeoutMs,
    retrySchedule: config.webhookRetrySchedule,
    disableAfterMs: config.webhookDisableAfterSec * 1000,
  });
  const emitter = new WebhookEmitter({ outbox: store.outbox, endpoints, logger, metrics, onAdded: () => dispatcher.wake() });
  const announcer = new UpdateAnnouncer({ store, emitter, logger, liveDoc: options.liveDoc });
  /** New documents' cursors being set to 0 ("created, nothing announced yet"): their announcement waits for it. */
  const initializing = new Map<string, Promise<void>>();
  const afterInit = (name: string) => initializing.get(name) ?? Promise.resolve();
  const announce = (name: string, firstSeq: number | null) =>
    afterInit(name)
      .then(() => announcer.announce(name, firstSeq))
      .catch((error: unknown) => {
        logger.warn({ err: error, doc: name }, "announcing a document's changes failed; trying again");
        throw error;
      });
  const debouncer = new ChangeDebouncer({ debounceMs: config.webhookDebounceMs, maxWaitMs: config.webhookMaxWaitMs }, announce);
  const timers: NodeJS.Timeout[] = [];
  let closed = false;

  /** Adds an event now; if the store refuses, keeps trying in the background (the request that caused it does not wait). */
  const emitNow = async (event: WebhookEvent, cursor?: Parameters<WebhookEmitter['emit']>[1]) => {
    if (!enabled) return;
    try {
      await emitter.emit(event, cursor);
    } catch (error) {
      logger.warn({ err: error, doc: event.doc, type: event.type }, 'queueing a webhook event failed; retrying in the background');
      void emitter.emitReliably(event, cursor);
    }
  };

  /** Announces, once, changes a process that stopped (or died) left unannounced; false if some could not be. */
  const sweep = async (quietBefore: number): Promise<boolean> => {
    let complete = true;
    try {
      for (const { name } of await store.outbox.behindCursors({ updatedBefore: quietBefore, limit: 1000 })) {
        if (closed) return true;
        if (!debouncer.isOpen(name))
          await announce(name, null).catch(() => {
            complete = false;
          });
      }
    } catch (error) {
      logger.warn({ err: error }, 'looking for unannounced document changes failed; trying again later');
      return false;
    }
    return complete;
  };
  /** The start-up sweep, tried again (1 s, doubling to 30 s) until it completes: a single node has no other. */
  const sweepUntilComplete = async (quietBefore: number, retryMs: number) => {
    if (closed || (await sweep(quietBefore))) return;
    const timer = setTimeout(() => void sweepUntilComplete(quietBefore, Math.min(retryMs * 2, 30_000)), retryMs);
    timer.unref();
    timers.push(timer);
  };
  const prune = () => {
    store.outbox
      .prune({
        settledBefore: Date.now() - config.webhookLogRetentionSec * 1000,
        keepSettled: keptPerEndpoint,
        keepAttempts: keptPerEndpoint,
      })
      .then(
        (removed) => removed > 0 && logger.info({ removed }, 'old webhook deliveries and attempts pruned'),
        (error: unknown) => logger.warn({ err: error }, 'pruning old webhook deliveries failed; trying again later'),
      );
  };

  const lifecycle: DocLifecycle = {
    created: async (name) => {
      if (enabled) await announce(name, 1).catch(() => debouncer.stored(name, 1));
    },
    deleting: (name) => debouncer.flush(name),
    deleted: async (name, details) => {
      await afterInit(name);
      await emitNow(
        {
          id: details.trashKey === null ? randomEventId() : derivedEventId('document.deleted', details.trashKey),
          type: 'document.deleted',
          doc: name,
          at: details.deletedAt,
          data: {
            name,
            title: details.title,
            deletedBy: details.deletedBy,
            deletedAt: iso(details.deletedAt),
            purgeAt: iso(details.purgeAt),
          },
        },
        { name, set: null },
      );
    },
    restoring: (name) => debouncer.hold(name),
    restored: async (name, details) => {
      await afterInit(name);
      await emitNow(
        {
          id: randomEventId(),
          type: 'document.restored',
          doc: name,
          at: Date.now(),
          data: { name, title: details.title, restoredBy: details.restoredBy, deletedAt: iso(details.deletedAt), seq: details.seq },
        },
        { name, set: details.seq },
      );
    },
    purged: (entry) =>
      emitNow({
        id: derivedEventId('document.purged', entry.key),
        type: 'document.purged',
        doc: entry.name,
        at: Date.now(),
        data: { name: entry.name, title: entry.title, deletedAt: iso(entry.deletedAt), purgedAt: iso(Date.now()) },
      }),
    versionRestored: (name, details) =>
      emitNow({
        id: randomEventId(),
        type: 'version.restored',
        doc: name,
        at: Date.now(),
        data: {
          name,
          seq: details.seq,
          toSeq: details.toSeq,
          restoredBy: details.restoredBy,
          versionBefore: details.versionBefore,
          changed: details.changed,
        },
      }),
  };

  return {
    endpoints,
    lifecycle,
    wake: () => dispatcher.wake(),
    get pending() {
      return debouncer.pending;
    },
    appended: (name, firstSeq) => {
      if (!enabled || closed) return;
      if (firstSeq === 1) {
        // A new document (or one deleted and made again): "created, nothing announced yet".
        const init = store.outbox
          .add([], { cursor: { name, set: 0 } })
          .then(() => {})
          .catch((error: unknown) => logger.warn({ err: error, doc: name }, 'recording a new document for its webhook failed'))
          .finally(() => {
            if (initializing.get(name) === init) initializing.delete(name);
          });
        initializing.set(name, init);
      }
      debouncer.stored(name, firstSeq);
    },
    changed: (name) => {
      if (enabled) debouncer.changed(name);
    },
    observeVersions: (observed) =>
      enabled
        ? {
            ...observed,
            createVersion: async (name, versionOptions) => {
              const version = await observed.createVersion(name, versionOptions);
              if (version !== null) {
                const data = {
                  ...{ name, seq: version.seq, kind: version.kind, versionName: version.name },
                  ...{ createdBy: version.createdBy, authors: version.authors, createdAt: iso(version.createdAt) },
                };
                // Several nodes may report one version: its id is made from it, so it is added once.
                const id = derivedEventId('version.created', name, version.seq, version.createdAt, version.kind, version.name);
                void emitNow({ id, type: 'version.created', doc: name, at: version.createdAt, data });
              }
              return version;
            },
          }
        : observed,
    start: () => {
      if (!enabled) return;
      dispatcher.start();
      void sweepUntilComplete(Date.now(), 1000);
      prune();
      const pruneTimer = setInterval(prune, pruneIntervalMs);
      timers.push(pruneTimer);
      if (options.clustered) {
        const grace = config.webhookMaxWaitMs + config.webhookDebounceMs + 10_000;
        timers.push(setInterval(() => void sweep(Date.now() - grace), sweepIntervalMs));
      }
      for (const timer of timers) timer.unref();
    },
    close: async () => {
      if (closed) return;
      closed = true;
      for (const timer of timers) clearInterval(timer);
      await Promise.allSettled([...initializing.values()]);
      await debouncer.flushAll();
      emitter.close();
      await dispatcher.close();
    },
  };
}
