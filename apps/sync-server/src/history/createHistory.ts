import type { DocumentStore } from '@tandem/persistence';
import type { SyncServerConfig } from '../config/index.js';
import type { Logger } from '../logger.js';
import { AutoVersioner } from './autoVersioner.js';
import { RetentionSweeper } from './retentionSweeper.js';

/** The server's version history: automatic versions as documents change, retention in the background. */
export interface History {
  /** A change to `docName` was stored (here, or by another node of the cluster). */
  changed(docName: string): void;
  versioner: AutoVersioner;
  sweeper: RetentionSweeper;
  close(): Promise<void>;
}

/** Retention sweeps run hourly: the policy counts in hours and days. */
const sweepIntervalMs = 60 * 60 * 1000;

export function createHistory(options: { config: SyncServerConfig; store: DocumentStore; logger: Logger }): History {
  const { config, store } = options;
  const logger = options.logger.child({ component: 'history' });
  const versioner = new AutoVersioner({ store, logger, pauseMs: config.versionPauseMs, maxIntervalMs: config.versionMaxIntervalMs });
  const sweeper = new RetentionSweeper({
    store,
    logger,
    intervalMs: sweepIntervalMs,
    policy: {
      keepAllDays: config.versionKeepAllDays,
      keepHourlyDays: config.versionKeepHourlyDays,
      keepDailyDays: config.versionKeepDailyDays,
    },
  });
  return {
    changed: (docName) => versioner.changed(docName),
    versioner,
    sweeper,
    close: async () => {
      await Promise.all([versioner.close(), sweeper.close()]);
    },
  };
}
