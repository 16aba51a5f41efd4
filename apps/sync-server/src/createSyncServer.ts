import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { DocumentStore } from '@tandem/persistence';
import { CloseCode } from '@tandem/protocol';
import { type WebSocket, WebSocketServer } from 'ws';
import type { TokenVerifier } from './auth/createTokenVerifier.js';
import { describeAuthMode } from './auth/describeAuthMode.js';
import { resolveConfig, type SyncServerConfig } from './config.js';
import { Connection } from './connection.js';
import { EventStream } from './eventStream.js';
import { startHeartbeat } from './heartbeat.js';
import { createHttpRoutes, type Route, sendJson } from './httpRoutes.js';
import { createLogger, type Logger } from './logger.js';
import { createServerMetrics, instrumentStore, metricsRoute, type ServerMetrics } from './metrics/index.js';
import { createReadinessProbe } from './readiness/createReadinessProbe.js';
import { RoomRegistry } from './roomRegistry.js';
import { createSecurity } from './security/createSecurity.js';
import {
  parseUpgradeTarget,
  rejectUpgrade,
  runGuards,
  type UpgradeDecision,
  type UpgradeGuard,
  UpgradeRejection,
  type UpgradeTarget,
} from './upgrade.js';

export interface CreateSyncServerOptions {
  /** Overrides of `defaultConfig`, validated (a bad value throws a ConfigError naming the key). */
  config?: Partial<SyncServerConfig>;
  /** Where documents live. The caller owns it: `close()` does not close the store. */
  store: DocumentStore;
  /**
   * Attach to this HTTP server instead of creating one. WebSocket upgrades are always handled;
   * the HTTP routes are attached only if the server has no 'request' listener yet, otherwise
   * call `syncServer.handleRequest(req, res)` from your own handler.
   */
  httpServer?: Server;
  /** Defaults to a pino logger at `config.logLevel` on stdout. */
  logger?: Logger;
  /** Further checks on every WebSocket upgrade, after the built-in origin, token and connection limits. */
  upgradeGuards?: readonly UpgradeGuard[];
  /** Auth keys already loaded with `createTokenVerifier(config)` (default: loaded from `config`; `listen()` waits for them). */
  tokenVerifier?: TokenVerifier;
  /** Extra HTTP routes, tried before the built-in ones (and `/metrics`). */
  extraRoutes?: readonly Route[];
  /** Where `/metrics` comes from (default: a fresh per-server registry without process metrics). */
  metrics?: ServerMetrics;
}

export interface ListeningAddress {
  host: string;
  port: number;
  /** `http://host:port` (WebSocket clients use `ws://host:port`). */
  url: string;
}

export interface SyncServer {
  readonly config: SyncServerConfig;
  readonly httpServer: Server;
  readonly logger: Logger;
  /** The listening address, or null before `listen()` (or before the host server listens). */
  readonly address: ListeningAddress | null;
  /** The listening port (throws before listening). */
  readonly port: number;
  /** Listens on `config.host:config.port` (0 = a free port). */
  listen(): Promise<ListeningAddress>;
  /** Answers one of our HTTP routes and returns true, or returns false (for embedding apps). */
  handleRequest(req: IncomingMessage, res: ServerResponse): boolean;
  /** Handles a WebSocket upgrade (already wired to `httpServer`). */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Loaded documents and open connections right now. */
  stats(): { rooms: number; connections: number };
  /** What the server holds right now (all zero once every client left and every write is stored). */
  introspect(): ServerIntrospection;
  /** This server's metrics (served at `GET /metrics`). */
  readonly metrics: ServerMetrics;
  /**
   * Graceful stop: refuse new connections, handle frames already received, wait until every
   * applied update is stored, close sockets with 1001, stop the HTTP server (if we created it).
   */
  close(): Promise<void>;
}

export interface ServerIntrospection {
  /** Documents loaded or loading. */
  rooms: number;
  connections: number;
  /** Loaded rooms whose writes are not all stored yet. */
  roomsWithPendingWrites: number;
  /** Awareness states held across all rooms. */
  awarenessStates: number;
  /** Open `/api/events` streams. */
  eventStreamClients: number;
  /** Scheduled per-doc `/api/events` timers. */
  eventStreamTimers: number;
}

const closeHandshakeTimeoutMs = 2000;

/**
 * Made outside `handleUpgrade`, so the listener (which stays on the socket for its lifetime) does
 * not keep the upgrade request, its headers and `head` alive through the closure's context.
 */
function logUpgradeError(logger: Logger): (error: Error) => void {
  return (error) => logger.debug({ err: error }, 'socket error during upgrade');
}

/** A Yjs sync server speaking the y-websocket protocol, storing every update before relaying it. */
export function createSyncServer(options: CreateSyncServerOptions): SyncServer {
  const config = resolveConfig(options.config);
  const logger = options.logger ?? createLogger(config.logLevel);
  const metrics = options.metrics ?? createServerMetrics();
  const readiness = createReadinessProbe(options.store);
  const store = instrumentStore(options.store, { metrics, onWriteFailed: () => readiness.invalidate() });
  const security = createSecurity({ config, logger, ...(options.tokenVerifier ? { verifier: options.tokenVerifier } : {}) });
  const guards = [security.guard, ...(options.upgradeGuards ?? [])];
  const authMode = describeAuthMode(config);
  logger[authMode.level]({ auth: authMode.mode }, authMode.message);
  const ownsHttpServer = options.httpServer === undefined;
  const httpServer = options.httpServer ?? createServer();
  const connections = new Set<Connection>();
  const connectionPrefix = randomBytes(3).toString('hex');
  let connectionCount = 0;
  let closing: Promise<void> | null = null;

  const registry: RoomRegistry = new RoomRegistry({
    store,
    logger,
    hooks: {
      onStored: (room) => events.docStored(room.name),
      onConnectionsChanged: () => events.activityChanged(),
    },
  });
  const events = new EventStream({
    store,
    logger,
    activity: () =>
      registry
        .rooms()
        .filter((room) => room.connections.size > 0)
        .map((room) => ({ name: room.name, connections: room.connections.size })),
  });
  const routes = createHttpRoutes({
    store,
    events,
    logger,
    readiness,
    access: security.requestAccess,
    extraRoutes: [...(options.extraRoutes ?? []), metricsRoute(metrics)],
  });
  metrics.bindSources({ connections: () => connections.size, docsLoaded: () => registry.size });
  const wss = new WebSocketServer({ noServer: true, maxPayload: config.maxMessageBytes, perMessageDeflate: false });
  const stopHeartbeat = startHeartbeat(() => connections, config.heartbeatIntervalMs);

  const accept = (socket: WebSocket, target: UpgradeTarget, decision: UpgradeDecision & { accept: true }): void => {
    const readOnly = decision.readOnly === true;
    const id = `${connectionPrefix}-${++connectionCount}`;
    const lease = registry.acquire(target.docName);
    const connection = new Connection({
      id,
      socket,
      docName: target.docName,
      wantsAck: target.params.get('ack') === '1',
      readOnly,
      hooks: decision.hooks,
      metrics,
      logger: logger.child({ doc: target.docName, conn: id, ...decision.log }),
      room: lease.room,
      onClosed: (closed) => {
        connections.delete(closed);
        lease.release();
      },
    });
    connections.add(connection);
    metrics.connectionOpened();
    connection.logger.info({ ack: connection.wantsAck, readOnly }, 'connection opened');
  };

  const upgrade = (req: IncomingMessage, socket: Duplex, head: Buffer, target: UpgradeTarget, decision: UpgradeDecision) => {
    if (!decision.accept) {
      logger.info({ doc: target.docName, status: decision.status, reason: decision.message }, 'upgrade refused');
      rejectUpgrade(socket, decision.status, decision.message, decision.headers);
      return;
    }
    if (closing !== null || socket.destroyed) {
      decision.hooks?.onClose?.();
      rejectUpgrade(socket, 503, 'server shutting down');
      return;
    }
    // If the handshake fails, ws destroys the socket without calling back: release the hooks then.
    const released = () => decision.hooks?.onClose?.();
    socket.once('close', released);
    wss.handleUpgrade(req, socket, head, (ws) => {
      socket.off('close', released);
      if (decision.closeWith !== undefined) {
        // A limit the client should see as a close code; nothing is loaded.
        ws.close(decision.closeWith.code, decision.closeWith.reason);
        released();
        return;
      }
      accept(ws, target, decision);
    });
  };

  const handleUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    socket.on('error', logUpgradeError(logger));
    if (closing !== null) {
      rejectUpgrade(socket, 503, 'server shutting down');
      return;
    }
    let target: UpgradeTarget;
    try {
      target = parseUpgradeTarget(req.url);
    } catch (error) {
      const status = error instanceof UpgradeRejection ? error.status : 400;
      // The path only: the query may carry a token.
      logger.info({ path: (req.url ?? '').split('?')[0], status, reason: (error as Error).message }, 'upgrade refused');
      rejectUpgrade(socket, status, (error as Error).message);
      return;
    }
    if (guards.length === 0) {
      upgrade(req, socket, head, target, { accept: true });
      return;
    }
    runGuards(guards, { ...target, req }).then(
      (decision) => upgrade(req, socket, head, target, decision),
      (error: unknown) => {
        logger.error({ err: error, doc: target.docName }, 'upgrade guard failed');
        rejectUpgrade(socket, 500, 'internal server error');
      },
    );
  };

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
    const stopped = ownsHttpServer
      ? new Promise<void>((resolve) => httpServer.close(() => resolve()))
      : Promise.resolve();
    await Promise.all([...connections].map((connection) => connection.drain()));
    await registry.flushAll();
    for (const connection of connections) connection.close(CloseCode.GoingAway);
    await waitForSocketsToClose();
    events.close();
    wss.close();
    httpServer.off('upgrade', handleUpgrade);
    if (attachRoutes) httpServer.off('request', onRequest);
    if (ownsHttpServer) httpServer.closeAllConnections();
    await stopped;
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
      await security.ready; // a bad key file rejects here, naming the config key
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
      for (const room of rooms) awarenessStates += room.awareness.getStates().size;
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
