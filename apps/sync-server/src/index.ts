export {
  type AuthConfig,
  ConfigError,
  type ConfigKey,
  configFromArgv,
  configFromEnv,
  configHelp,
  configKeys,
  configSchema,
  defaultConfig,
  envName,
  flagName,
  type LimitsConfig,
  type LogLevel,
  loadConfig,
  logLevels,
  redactConfig,
  resolveConfig,
  type SyncServerConfig,
} from './config/index.js';
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
export type { ConnectionHooks, RoomView, SlowDown, UpgradeDecision, UpgradeGuard, UpgradeRequest } from './upgrade.js';
export {
  type AuthDecision,
  type AuthUser,
  accessForDoc,
  createTokenVerifier,
  type DocAccess,
  describeAuthMode,
  parseDocsClaim,
  signToken,
  type SignTokenOptions,
  type TokenVerifier,
} from './auth/index.js';
export { glibcVersion, type MemoryRelease, MemoryReleaser, type MemoryReleaserOptions, startMemoryReleaser } from './memory/index.js';
