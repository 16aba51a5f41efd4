#!/usr/bin/env node
import type { DocumentStore } from '@tandem/persistence';
import type { TokenVerifier } from './auth/createTokenVerifier.js';
import { defaultNodeId } from './cluster/defaultNodeId.js';
import { ConfigError, configHelp, loadConfig, redactConfig, type SyncServerConfig } from './config/index.js';

/**
 * `tandem-sync-server [--host h] [--port p] [--data-dir d] ...` (flags override env variables).
 * Logs one JSON line `"msg":"listening"` with the effective config and the actual port.
 * SIGTERM/SIGINT: graceful shutdown (pending writes flushed, sockets closed with 1001), exit 0.
 */
async function main(argv: readonly string[]): Promise<void> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(configHelp());
    return;
  }
  let config: SyncServerConfig;
  try {
    config = loadConfig({ env: process.env, argv });
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`tandem-sync-server: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }

  // Loaded only now, so that --help and config errors answer at once.
  if (config.redisUrl !== null && config.databaseUrl === null) {
    process.stderr.write(
      'tandem-sync-server: redisUrl (REDIS_URL) needs databaseUrl (DATABASE_URL): the nodes of a cluster share one PostgreSQL store\n',
    );
    process.exit(1);
  }
  const [{ openStore }, { createSyncServer }, { createLogger }, { createServerMetrics }, { startMemoryReleaser }, { conversionActivity }] =
    await Promise.all([
      import('./openStore.js'),
      import('./createSyncServer.js'),
      import('./logger.js'),
      import('./metrics/index.js'),
      import('./memory/index.js'),
      import('./conversions/conversionActivity.js'),
    ]);
  // Auth keys before anything else: a missing or unparsable key file stops the start, naming the key.
  const { createTokenVerifier } = await import('./auth/index.js');
  let tokenVerifier: TokenVerifier;
  try {
    tokenVerifier = await createTokenVerifier(config);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`tandem-sync-server: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  if (config.redisUrl !== null) config = { ...config, nodeId: config.nodeId ?? defaultNodeId() };
  // In a cluster every log line names its node.
  const logger = config.redisUrl === null ? createLogger(config.logLevel) : createLogger(config.logLevel).child({ node: config.nodeId });
  // The process is ours: its heap, GC and event-loop metrics go into the server's registry too.
  const metrics = createServerMetrics({ processMetrics: true });
  let store: DocumentStore;
  try {
    store = await openStore(config, logger, metrics);
  } catch (error) {
    const where = config.databaseUrl === null ? { dataDir: config.dataDir } : { database: 'DATABASE_URL', schema: config.databaseSchema };
    logger.fatal({ err: error, ...where }, 'cannot open the store');
    process.exit(1);
  }

  const server = createSyncServer({ config, store, logger, metrics, tokenVerifier });
  let address: Awaited<ReturnType<typeof server.listen>>;
  try {
    address = await server.listen();
  } catch (error) {
    // The port is taken, or (a cluster node) Redis does not answer.
    logger.fatal({ err: error }, `cannot start: ${(error as Error).message}`);
    await server.close().catch(() => {});
    await store.close().catch(() => {});
    process.exit(1);
  }
  logger.info(
    { host: address.host, port: address.port, url: address.url, config: { ...redactConfig(config), port: address.port } },
    'listening',
  );
  const memoryReleaser =
    config.memoryReleaseIdleMs > 0
      ? startMemoryReleaser({
          idleMs: config.memoryReleaseIdleMs,
          logger,
          registry: metrics.registry,
          // Idle means no document traffic (awareness renewals and pings do not count) and no
          // conversion on a worker (the loop is idle then, but V8's memory-saving mode would slow the worker).
          activity: () => metrics.received.total(['sync_step1', 'sync_step2', 'sync_update']) + conversionActivity(),
        })
      : null;

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal, exiting now');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'signal received, shutting down');
    const timer = setTimeout(() => {
      logger.error({ timeoutMs: config.shutdownTimeoutMs }, 'graceful shutdown timed out');
      process.exit(1);
    }, config.shutdownTimeoutMs);
    timer.unref();
    memoryReleaser?.stop();
    server
      .close()
      .then(() => store.close())
      .then(
        () => {
          logger.info('store closed, bye');
          process.exit(0);
        },
        (error: unknown) => {
          logger.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`tandem-sync-server: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
