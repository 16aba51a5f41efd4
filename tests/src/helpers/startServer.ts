import { createLevelStore, type DocumentStore, type LevelStoreInput } from '@tandem/persistence';
import { createLogger, createSyncServer, type CreateSyncServerOptions, type SyncServer, type SyncServerConfig } from '@tandem/sync-server';
import { makeTempDir } from './tempDir.js';
import { registerTeardown } from './teardown.js';

export interface StartServerOptions {
  /** Reuse a data dir (e.g. to restart on the same data); default: a fresh temp dir. */
  dataDir?: string;
  /**
   * Config overrides; port 0, host 127.0.0.1 and log level silent (or TANDEM_TEST_LOG_LEVEL) by default.
   * Set `logLevel` (e.g. 'info') to collect the server's log lines in `logs`.
   */
  config?: Partial<SyncServerConfig>;
  /** LevelDB store options besides `dir`. */
  storeOptions?: Omit<LevelStoreInput, 'dir'>;
  /** Use this store instead of a LevelDB one (the caller closes it; `dataDir` is then unused). */
  store?: DocumentStore;
  /** Passed through to createSyncServer (cluster mode's heartbeat, node timeout, gap wait, sweep). */
  clusterTiming?: CreateSyncServerOptions['clusterTiming'];
  /** Wrap the real store (e.g. to inject a failing write). */
  wrapStore?: (store: DocumentStore) => DocumentStore;
  /** Passed through to createSyncServer. */
  upgradeGuards?: CreateSyncServerOptions['upgradeGuards'];
  extraRoutes?: CreateSyncServerOptions['extraRoutes'];
}

export interface StartedServer {
  server: SyncServer;
  /** The real LevelDB store (unwrapped). */
  store: DocumentStore;
  dataDir: string;
  port: number;
  /** `ws://127.0.0.1:port` for WebsocketProvider. */
  wsUrl: string;
  /** `http://127.0.0.1:port` for fetch. */
  httpUrl: string;
  /** Every log line the server wrote at `config.logLevel`, parsed (pino JSON), in order. */
  logs: Record<string, unknown>[];
  /** Graceful stop: server, then store. Idempotent; also run as teardown. */
  stop: () => Promise<void>;
}

/** An in-process sync server on port 0 with a real LevelDB store in a temp dir; stopped after the test. */
export async function startServer(options: StartServerOptions = {}): Promise<StartedServer> {
  const dataDir = options.dataDir ?? (await makeTempDir('tandem-server-'));
  const ownsStore = options.store === undefined;
  const store = options.store ?? (await createLevelStore({ dir: dataDir, ...options.storeOptions }));
  const config: Partial<SyncServerConfig> = {
    host: '127.0.0.1',
    port: 0,
    logLevel: (process.env.TANDEM_TEST_LOG_LEVEL as SyncServerConfig['logLevel'] | undefined) ?? 'silent',
    ...options.config,
  };
  const logs: Record<string, unknown>[] = [];
  const echo = process.env.TANDEM_TEST_LOG_LEVEL !== undefined;
  // pino writes each line synchronously: a line is in `logs` before the call that logged it returns.
  const logger = createLogger(config.logLevel ?? 'silent', {
    write: (line: string) => {
      logs.push(JSON.parse(line) as Record<string, unknown>);
      if (echo) process.stderr.write(line);
    },
  });
  const server = createSyncServer({
    config,
    store: options.wrapStore ? options.wrapStore(store) : store,
    logger,
    upgradeGuards: options.upgradeGuards,
    extraRoutes: options.extraRoutes,
    ...(options.clusterTiming === undefined ? {} : { clusterTiming: options.clusterTiming }),
  });
  const address = await server.listen();
  let stopping: Promise<void> | null = null;
  const stop = () => {
    stopping ??= server.close().then(() => (ownsStore ? store.close() : undefined));
    return stopping;
  };
  registerTeardown(stop);
  return {
    server,
    store,
    dataDir,
    port: address.port,
    wsUrl: `ws://127.0.0.1:${address.port}`,
    httpUrl: `http://127.0.0.1:${address.port}`,
    logs,
    stop,
  };
}
