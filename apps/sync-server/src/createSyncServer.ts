import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CloseCode } from '@tandem/protocol';
import { AccessEnforcer } from './access/accessEnforcer.js';
import { RevocationList } from './access/revocationList.js';
import { createDocumentsApi } from './api/documentsApi.js';
import { describeAuthMode } from './auth/describeAuthMode.js';
import type { ClusterNode } from './cluster/clusterNode.js';
import { clusterActivity, clusterRoomHooks, createClusterNode, nodeLogger } from './cluster/createClusterNode.js';
import { resolveConfig } from './config/index.js';
import { EventStream } from './eventStream.js';
import { startHeartbeat } from './heartbeat.js';
import { guardHttpServer, httpServerOptions } from './guardHttpServer.js';
import { createHistory } from './history/createHistory.js';
import { createHttpRoutes, sendJson } from './httpRoutes.js';
import { createLogger } from './logger.js';
import { createServerMetrics, httpGuardMetrics, instrumentStore, metricsRoute } from './metrics/index.js';
import { createReadinessProbe } from './readiness/createReadinessProbe.js';
import { acceptUpgrades } from './sync/acceptUpgrades.js';
import { RoomRegistry } from './sync/roomRegistry.js';
import { createSecurity } from './security/createSecurity.js';
import { createUploads } from './uploads/createUploads.js';
import { createWebhooks } from './webhooks/createWebhooks.js';
import type { CreateSyncServerOptions, ListeningAddress, SyncServer } from './syncServer.js';

export type { CreateSyncServerOptions, ListeningAddress, ServerIntrospection, SyncServer } from './syncServer.js';

const closeHandshakeTimeoutMs = 2000;

/** A Yjs sync server speaking the y-websocket protocol, storing every update before relaying it. */
export function createSyncServer(options: CreateSyncServerOptions): SyncServer {
  const config = resolveConfig(options.config);
  const { nodeId, logger } = nodeLogger(config, options.logger ?? createLogger(config.logLevel));
  const metrics = options.metrics ?? createServerMetrics();
  let cluster: ClusterNode | null = null;
  const readiness = createReadinessProbe({
    checkWritable: async () => {
      cluster?.checkReady();
      await options.store.checkWritable();
    },
  });
  const instrumented = instrumentStore(options.store, { metrics, onWriteFailed: () => readiness.invalidate() });
  const webhooks = createWebhooks({
    config,
    store: instrumented,
    logger,
    metrics,
    nodeId,
    clustered: config.redisUrl !== null,
    liveDoc: (name) => {
      const room = registry.rooms().find((open) => open.name === name);
      return room === undefined || room.isDestroyed ? null : room.doc;
    },
  });
  // Versions made anywhere (automatic, named, before a restore) reach the webhooks.
  const store = webhooks.observeVersions(instrumented);
  const revocations = new RevocationList({ store, maxTokenLifetimeMs: config.authMaxTokenLifetimeSec * 1000 });
  const security = createSecurity({ config, logger, revocations, ...(options.tokenVerifier ? { verifier: options.tokenVerifier } : {}) });
  const enforcer = new AccessEnforcer({
    verifier: security.ready,
    revocations,
    logger,
    clockToleranceMs: config.authClockToleranceSec * 1000,
  });
  const guards = [security.guard, ...(options.upgradeGuards ?? [])];
  const authMode = describeAuthMode(config);
  logger[authMode.level]({ auth: authMode.mode }, authMode.message);
  const ownsHttpServer = options.httpServer === undefined;
  const httpServer = options.httpServer ?? createServer(httpServerOptions(config));
  const guardMetrics = httpGuardMetrics(metrics.registry);
  const unguard = ownsHttpServer ? guardHttpServer({ httpServer, limits: config, logger, metrics: guardMetrics }) : null;
  let closing: Promise<void> | null = null;
  const history = createHistory({ config, store, logger });
  const uploads = createUploads({ config, store, logger, registry: metrics.registry, nodeId });

  const onStored = (name: string) => {
    events.docStored(name);
    history.changed(name);
    webhooks.changed(name);
  };
  cluster = createClusterNode({
    config,
    nodeId,
    store,
    logger,
    metrics,
    timing: options.clusterTiming,
    registry: () => registry,
    onStored,
    onRemoteDeleted: (name) => events.docDeleted(name),
    onActivity: (names) => {
      for (const name of names) events.activityChanged(name);
    },
    onAccessChanged: () => enforcer.reloadRevocations(() => events.accessChanged()),
  });
  const replica: ClusterNode | null = cluster;
  const clusterHooks = clusterRoomHooks(replica);
  const registry: RoomRegistry = new RoomRegistry({
    store,
    logger,
    hooks: {
      onStored: (room) => onStored(room.name),
      onConnectionsChanged: (room) => events.activityChanged(room.name),
      ...clusterHooks,
      onAppended: (room, batch) => {
        clusterHooks.onAppended?.(room, batch);
        webhooks.appended(room.name, batch.firstSeq);
      },
    },
    ...(replica === null ? {} : { replica }),
  });
  const events = new EventStream({
    store,
    logger,
    limits: config,
    onRefused: guardMetrics.eventStreamRefused,
    activity: () => clusterActivity(registry, replica),
  });
  const documentsApi = createDocumentsApi({
    config,
    store,
    registry,
    verifier: security.ready,
    logger,
    uploads,
    // Open home pages drop it at once; the other nodes close their connections to it and tell theirs.
    onDeleted: (name: string) => {
      events.docDeleted(name);
      replica?.deleted(name);
    },
    ...(replica === null ? {} : { cursorKey: () => replica.sharedCursorKey() }),
    webhooks,
    metricsRegistry: metrics.registry,
    access: {
      revocations,
      onChanged: () => {
        replica?.accessChanged();
        const enforcement = enforcer.enforceRevocations();
        events.accessChanged();
        return enforcement;
      },
    },
  });
  guards.push(documentsApi.guard);
  const routes = createHttpRoutes({
    store,
    events,
    logger,
    readiness,
    access: security.requestAccess,
    extraRoutes: [...(options.extraRoutes ?? []), metricsRoute(metrics), ...documentsApi.routes],
  });
  metrics.bindSources({ connections: () => connections.size, docsLoaded: () => registry.size });
  webhooks.start();
  const stopHeartbeat = startHeartbeat(() => connections, config.heartbeatIntervalMs);
  const upgrades = acceptUpgrades({
    registry,
    guards,
    enforcer,
    metrics,
    logger,
    maxMessageBytes: config.maxMessageBytes,
    isClosing: () => closing !== null,
  });
  const { connections, handleUpgrade } = upgrades;

  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    if (!routes.handle(req, res)) sendJson(res, 404, { error: `not found: ${req.method ?? ''} ${req.url ?? ''}` });
  };

  httpServer.on('upgrade', handleUpgrade);
  const attachRoutes = ownsHttpServer || httpServer.listenerCount('request') === 0;
  if (attachRoutes) httpServer.on('request', onRequest);

  const currentAddress = (): ListeningAddress | null => {
    const address = httpServer.address() as AddressInfo | string | null;
    if (address === null || typeof address === 'string') return null;
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    return { host: address.address, port: address.port, url: `http://${host}:${address.port}` };
  };

  const waitForSocketsToClose = async (): Promise<void> => {
    const deadline = Date.now() + closeHandshakeTimeoutMs;
    while (connections.size > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    for (const connection of connections) connection.terminate('shutdown: close handshake timed out');
  };

  const shutdown = async (): Promise<void> => {
    logger.info({ connections: connections.size, rooms: registry.size }, 'shutting down');
    stopHeartbeat();
    enforcer.close();
    const apiClosed = documentsApi.close();
    const stopped = ownsHttpServer ? new Promise<void>((resolve) => httpServer.close(() => resolve())) : Promise.resolve();
    await Promise.all([...connections].map((connection) => connection.drain()));
    await registry.flushAll();
    await uploads.close();
    await history.close();
    // Changes still in a debounce are announced now; deliveries in flight get a moment to finish.
    await webhooks.close();
    for (const connection of connections) connection.close(CloseCode.GoingAway);
    await waitForSocketsToClose();
    events.close();
    await cluster?.close();
    upgrades.close();
    httpServer.off('upgrade', handleUpgrade);
    unguard?.();
    if (attachRoutes) httpServer.off('request', onRequest);
    if (ownsHttpServer) httpServer.closeAllConnections();
    await stopped;
    await apiClosed;
    logger.info('stopped');
  };

  return {
    config,
    httpServer,
    logger,
    get address() {
      return currentAddress();
    },
    get port() {
      const address = currentAddress();
      if (address === null) throw new Error('sync server is not listening');
      return address.port;
    },
    listen: async () => {
      const verifier = await security.ready; // a bad key file rejects here, naming the config key
      if (verifier.mode === 'required') await revocations.ready(); // so does a store that cannot be read
      await cluster?.start(); // so does a Redis that cannot be reached
      return new Promise<ListeningAddress>((resolve, reject) => {
        const onError = (error: Error) => reject(error);
        httpServer.once('error', onError);
        httpServer.listen(config.port, config.host, () => {
          httpServer.off('error', onError);
          resolve(currentAddress() as ListeningAddress);
        });
      });
    },
    handleRequest: (req, res) => routes.handle(req, res),
    handleUpgrade,
    stats: () => ({ rooms: registry.size, connections: connections.size }),
    introspect: () => {
      const rooms = registry.rooms();
      let awarenessStates = 0;
      for (const room of rooms) awarenessStates += room.awareness.size;
      return {
        rooms: registry.size,
        connections: connections.size,
        roomsWithPendingWrites: rooms.filter((room) => !room.writesSettled).length,
        awarenessStates,
        eventStreamClients: events.listeners,
        eventStreamTimers: events.scheduledTimers,
      };
    },
    metrics,
    close: () => {
      closing ??= shutdown();
      return closing;
    },
  };
}
