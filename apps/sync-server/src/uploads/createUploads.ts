import { join } from 'node:path';
import type { DocumentStore } from '@tandem/persistence';
import { Registry } from 'prom-client';
import type { SyncServerConfig } from '../config/index.js';
import type { Logger } from '../logger.js';
import { postgresSweepLock, processSweepLock } from './sweepLock.js';
import { uploadSweepMetrics } from './uploadSweepMetrics.js';
import { UploadSweeper } from './uploadSweeper.js';
import { UploadStore } from './uploadStore.js';

/** The server's uploaded images: where they are kept, and the sweep that frees those nothing refers to. */
export interface Uploads {
  store: UploadStore;
  sweeper: UploadSweeper;
  /** Stops the sweep timer and waits for a sweep under way to stop. */
  close(): Promise<void>;
}

export interface CreateUploadsOptions {
  config: SyncServerConfig;
  store: DocumentStore;
  logger: Logger;
  /** Where the sweep's metrics go (default: a registry of its own, not served). */
  registry?: Registry;
  /** The node's name in the shared sweep state (default: the config's, or the process id). */
  nodeId?: string;
}

/** `uploadsDir`, or `<dataDir>/uploads` when unset. */
export function uploadsDirOf(config: Pick<SyncServerConfig, 'uploadsDir' | 'dataDir'>): string {
  return config.uploadsDir ?? join(config.dataDir, 'uploads');
}

/**
 * The uploads of a server. On PostgreSQL (`databaseUrl`: the store the nodes of a cluster share)
 * sweeps take the store's advisory lock, so one node sweeps at a time; otherwise the process is
 * the only one using its store.
 */
export function createUploads(options: CreateUploadsOptions): Uploads {
  const { config } = options;
  const uploads = new UploadStore(uploadsDirOf(config), config.maxUploadBytes);
  const sweeper = new UploadSweeper({
    store: options.store,
    uploads,
    lock:
      config.databaseUrl === null
        ? processSweepLock()
        : postgresSweepLock({ connectionString: config.databaseUrl, schema: config.databaseSchema }),
    logger: options.logger,
    metrics: uploadSweepMetrics(options.registry ?? new Registry()),
    nodeId: options.nodeId ?? config.nodeId ?? `pid-${process.pid}`,
    intervalMs: config.uploadSweepIntervalSec * 1000,
    graceMs: config.uploadGraceSec * 1000,
  });
  return { store: uploads, sweeper, close: () => sweeper.close() };
}
