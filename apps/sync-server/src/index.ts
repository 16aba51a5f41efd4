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
  type ServerIntrospection,
  type SyncServer,
} from './createSyncServer.js';
export { type Route, type RouteContext, sendJson } from './httpRoutes.js';
export { createLogger, type Logger } from './logger.js';
export {
  createServerMetrics,
  type ErrorKind,
  type MessageKind,
  messageKinds,
  type ServerMetrics,
  type ServerMetricsOptions,
} from './metrics/index.js';
export { createReadinessProbe, type Readiness, type ReadinessProbe } from './readiness/createReadinessProbe.js';
export type { ConnectionHooks, UpgradeDecision, UpgradeGuard, UpgradeRequest } from './upgrade.js';
