export {
  ConfigError,
  type ConfigKey,
  configFromArgv,
  configFromEnv,
  configHelp,
  configSpec,
  defaultConfig,
  type LogLevel,
  loadConfig,
  logLevels,
  resolveConfig,
  type SyncServerConfig,
} from './config.js';
export {
  type CreateSyncServerOptions,
  createSyncServer,
  type ListeningAddress,
  type SyncServer,
} from './createSyncServer.js';
export { type Route, type RouteContext, sendJson } from './httpRoutes.js';
export { createLogger, type Logger } from './logger.js';
export type { ConnectionHooks, UpgradeDecision, UpgradeGuard, UpgradeRequest } from './upgrade.js';
