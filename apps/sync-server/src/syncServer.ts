import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { DocumentStore } from '@tandem/persistence';
import type { TokenVerifier } from './auth/createTokenVerifier.js';
import type { ClusterTiming } from './cluster/clusterNode.js';
import type { SyncServerConfig } from './config/index.js';
import type { Logger } from './logger.js';
import type { Route } from './httpRoutes.js';
import type { ServerMetrics } from './metrics/index.js';
import type { UpgradeGuard } from './upgrade.js';

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
  /** Cluster mode's timing (heartbeat, node timeout, gap wait, sweep), for tests; defaults otherwise. */
  clusterTiming?: Partial<ClusterTiming>;
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
