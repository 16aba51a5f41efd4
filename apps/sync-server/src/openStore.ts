import type { DocumentStore, StoreError } from '@tandem/persistence';
import type { SyncServerConfig } from './config/index.js';
import type { Logger } from './logger.js';
import type { ServerMetrics } from './metrics/index.js';

/**
 * The CLI's store: PostgreSQL when `databaseUrl` is set (a cluster node, or one process), else
 * LevelDB in `dataDir`. Throws when it cannot be opened (the CLI logs it and exits 1).
 */
export async function openStore(config: SyncServerConfig, logger: Logger, metrics: ServerMetrics): Promise<DocumentStore> {
  const { createLevelStore, createPostgresStore } = await import('@tandem/persistence');
  const onBackgroundError = (error: StoreError) => {
    metrics.error('store_background');
    logger.error({ err: error, doc: error.docName }, 'background store work failed');
  };
  const onCompaction = (event: { durationMs: number }) => metrics.observeCompaction(event.durationMs / 1000);
  if (config.databaseUrl !== null) {
    return createPostgresStore({
      connectionString: config.databaseUrl,
      schema: config.databaseSchema,
      compactAfterUpdates: config.compactAfterUpdates,
      compactAfterBytes: config.compactAfterBytes,
      onBackgroundError,
      onCompaction,
      onCommit: (event) => metrics.observeCommit(event.durationMs / 1000, event.batches),
    });
  }
  return createLevelStore({
    dir: config.dataDir,
    compactAfterUpdates: config.compactAfterUpdates,
    compactAfterBytes: config.compactAfterBytes,
    sync: config.fsync,
    onBackgroundError,
    onCompaction,
  });
}
