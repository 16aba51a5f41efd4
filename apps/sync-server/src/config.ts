/**
 * The server's configuration: one typed object built from `defaultConfig` plus validated
 * overrides (environment, then CLI flags, or an object when embedding). Read once at start,
 * never at import time. Every error names the bad key, its env variable and its flag.
 */

import { type AuthConfig, defaultAuthConfig, validateAuthConfig } from './auth/authConfig.js';
import { AuthConfigError } from './auth/authConfigError.js';
import { defaultLimits, type LimitsConfig, validateLimitsConfig } from './limits/limitsConfig.js';
import { LimitsConfigError } from './limits/limitsConfigError.js';

export const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof logLevels)[number];

/**
 * Auth (`AuthConfig`: key source, `authRequired`, clock tolerance) and abuse limits (`LimitsConfig`:
 * origins, connection counts, rates, sizes) are part of the same object; their rules live in
 * `validateAuthConfig` and `validateLimitsConfig`, which `resolveConfig` applies.
 */
export interface SyncServerConfig extends AuthConfig, LimitsConfig {
  /** Interface to listen on. */
  host: string;
  /** TCP port; 0 picks a free one (the start-up log line reports it). */
  port: number;
  /** LevelDB directory (used by the CLI to open the store). */
  dataDir: string;
  logLevel: LogLevel;
  /** Largest accepted WebSocket frame; a bigger one closes that connection with 1009. */
  maxMessageBytes: number;
  /** Ping every this often; a connection that has not answered the previous ping is dropped. */
  heartbeatIntervalMs: number;
  /** Store: compact a document after this many stored update records. */
  compactAfterUpdates: number;
  /** Store: compact a document after this many bytes appended since its last compaction. */
  compactAfterBytes: number;
  /**
   * Store: fsync every write, so what was stored (and therefore relayed or acknowledged) survives
   * power loss too. Off by default: without it a stored update survives a process crash (SIGKILL),
   * which is what the relay/ack guarantee promises; batching keeps the cost small when it is on.
   */
  fsync: boolean;
  /** Give up a graceful shutdown (and exit 1) after this long. */
  shutdownTimeoutMs: number;
  /**
   * CLI: once RSS has grown and the server has then been idle this long (no document frame, the
   * event loop under 10% busy), run glibc's `malloc_trim` to give the burst's memory back to the OS,
   * and let V8's memory reducer shrink the young generation, then a full GC and another trim
   * (0 = never; see `MemoryReleaser`). Process-wide, so `createSyncServer` ignores it: an embedding app
   * owns its process (see `startMemoryReleaser`).
   */
  memoryReleaseIdleMs: number;
}

export const defaultConfig: Readonly<SyncServerConfig> = Object.freeze({
  host: '127.0.0.1',
  port: 1234,
  dataDir: './data',
  logLevel: 'info',
  maxMessageBytes: 16 * 1024 * 1024,
  heartbeatIntervalMs: 2000,
  compactAfterUpdates: 500,
  compactAfterBytes: 1024 * 1024,
  fsync: false,
  shutdownTimeoutMs: 10_000,
  memoryReleaseIdleMs: 1000,
  ...defaultAuthConfig,
  ...defaultLimits,
});

export type ConfigKey = keyof SyncServerConfig;

/** A configuration value was rejected; `key` is the config key it belongs to. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly key: string;

  constructor(key: string, message: string) {
    super(message);
    this.key = key;
  }
}

interface KeySpec<K extends ConfigKey> {
  env: string;
  flag: string;
  description: string;
  /** Turn an env/flag string into a value (or undefined when it cannot be read). */
  parse: (raw: string) => SyncServerConfig[K] | undefined;
  /** Null when valid, otherwise what was expected. */
  check: (value: unknown) => string | null;
  /** Null when valid, otherwise the whole problem (keys whose rules live in the auth and limits validators). */
  problem?: (value: unknown) => string | null;
  /** An empty env variable counts as set (and is an error) instead of unset: for auth key sources. */
  emptyIsSet?: boolean;
  /** Never print the value (logs, errors). */
  secret?: boolean;
}

const integer =
  (min: number, max: number) =>
  (value: unknown): string | null =>
    typeof value === 'number' && Number.isSafeInteger(value) && value >= min && value <= max
      ? null
      : `an integer ${min}..${max}`;

const threshold = (min: number) => (value: unknown) =>
  value === Number.POSITIVE_INFINITY || integer(min, Number.MAX_SAFE_INTEGER)(value) === null
    ? null
    : `an integer >= ${min} or Infinity`;

const parseNumber = (raw: string): number | undefined => {
  const text = raw.trim();
  if (text === 'Infinity') return Number.POSITIVE_INFINITY;
  if (!/^-?\d+$/.test(text)) return undefined;
  return Number(text);
};

const parseBoolean = (raw: string): boolean | undefined => {
  const text = raw.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(text)) return true;
  if (['0', 'false', 'no', 'off'].includes(text)) return false;
  return undefined;
};

const nonEmpty = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? null : 'a non-empty string');

const MiB = 1024 * 1024;

/** Digits become a number; anything else stays text for the validator to name. */
const integerOrText = (raw: string): number | string => (/^\d+$/.test(raw.trim()) ? Number(raw.trim()) : raw);
const booleanOrText = (raw: string): boolean | string => parseBoolean(raw) ?? raw;
const anything = () => null;

function problemOf(validate: () => unknown): string | null {
  try {
    validate();
    return null;
  } catch (error) {
    if (error instanceof AuthConfigError || error instanceof LimitsConfigError) return error.problem;
    throw error;
  }
}

type AuthKey = Exclude<keyof AuthConfig, 'authRequired'>;

/** A key whose rules are `validateAuthConfig`'s (checked alone here; together in `resolveConfig`). */
function authKey<K extends AuthKey>(
  key: K,
  spec: Pick<KeySpec<K>, 'env' | 'flag' | 'description'> & { parse?: (raw: string) => unknown },
): KeySpec<K> {
  return {
    parse: (spec.parse ?? ((raw: string) => raw)) as KeySpec<K>['parse'],
    check: anything,
    problem: (value) => problemOf(() => validateAuthConfig({ [key]: value })),
    emptyIsSet: key !== 'authClockToleranceSec',
    secret: key === 'authSecret',
    env: spec.env,
    flag: spec.flag,
    description: spec.description,
  };
}

/** A key whose rules are `validateLimitsConfig`'s. */
function limitKey<K extends keyof LimitsConfig>(
  key: K,
  spec: Pick<KeySpec<K>, 'env' | 'flag' | 'description'> & { parse: (raw: string) => unknown },
): KeySpec<K> {
  return {
    parse: spec.parse as KeySpec<K>['parse'],
    check: anything,
    problem: (value) => problemOf(() => validateLimitsConfig({ [key]: value })),
    env: spec.env,
    flag: spec.flag,
    description: spec.description,
  };
}

/** Every key: its env variable, CLI flag, meaning, parser and check. Drives `--help` and the README table. */
export const configSpec: { [K in ConfigKey]: KeySpec<K> } = {
  host: {
    env: 'HOST',
    flag: '--host',
    description: 'Interface to listen on (use 0.0.0.0 to accept connections from other machines).',
    parse: (raw) => raw.trim(),
    check: nonEmpty,
  },
  port: {
    env: 'PORT',
    flag: '--port',
    description: 'TCP port for WebSocket and HTTP; 0 picks a free port (reported in the start-up log line).',
    parse: parseNumber,
    check: integer(0, 65535),
  },
  dataDir: {
    env: 'DATA_DIR',
    flag: '--data-dir',
    description: 'Directory of the LevelDB store (created if missing).',
    parse: (raw) => raw,
    check: nonEmpty,
  },
  logLevel: {
    env: 'LOG_LEVEL',
    flag: '--log-level',
    description: `JSON log level: ${logLevels.join(', ')}.`,
    parse: (raw) => raw.trim().toLowerCase() as LogLevel,
    check: (value) => (logLevels.includes(value as LogLevel) ? null : `one of ${logLevels.join(', ')}`),
  },
  maxMessageBytes: {
    env: 'MAX_MESSAGE_BYTES',
    flag: '--max-message-bytes',
    description: 'Largest accepted WebSocket frame; a bigger one closes that connection with 1009.',
    parse: parseNumber,
    check: integer(1024, 1024 * MiB),
  },
  heartbeatIntervalMs: {
    env: 'HEARTBEAT_INTERVAL_MS',
    flag: '--heartbeat-interval-ms',
    description: 'Heartbeat: a quiet connection is pinged about once per interval, a sending one never; silent for two intervals, it is dropped and its awareness removed.',
    parse: parseNumber,
    check: integer(100, 600_000),
  },
  compactAfterUpdates: {
    env: 'COMPACT_AFTER_UPDATES',
    flag: '--compact-after-updates',
    description: 'Compact a document once it has this many stored update records (Infinity = never).',
    parse: parseNumber,
    check: threshold(2),
  },
  compactAfterBytes: {
    env: 'COMPACT_AFTER_BYTES',
    flag: '--compact-after-bytes',
    description: 'Compact a document once this many update bytes were appended since the last compaction.',
    parse: parseNumber,
    check: threshold(1),
  },
  fsync: {
    env: 'FSYNC',
    flag: '--fsync',
    description:
      'fsync every store write, so a stored (relayed, acknowledged) update survives power loss; false = survives a process crash only.',
    parse: parseBoolean,
    check: (value) => (typeof value === 'boolean' ? null : 'a boolean (true/false/1/0)'),
  },
  shutdownTimeoutMs: {
    env: 'SHUTDOWN_TIMEOUT_MS',
    flag: '--shutdown-timeout-ms',
    description: 'On SIGTERM/SIGINT, give up the graceful shutdown after this long and exit 1.',
    parse: parseNumber,
    check: integer(100, 600_000),
  },
  memoryReleaseIdleMs: {
    env: 'MEMORY_RELEASE_IDLE_MS',
    flag: '--memory-release-idle-ms',
    description:
      'After RSS grew and the server was then idle this long (no document frame received, event loop under 10% busy), run malloc_trim to give the memory back to the OS, let V8 shrink its young generation (memory-saving mode until it has, ~8 s), then a full GC and another trim; 0 = never. CLI only.',
    parse: parseNumber,
    check: integer(0, 3_600_000),
  },
  authSecret: authKey('authSecret', {
    env: 'AUTH_SECRET',
    flag: '--auth-secret',
    description:
      'Shared secret for HS256 tokens (>= 32 bytes, e.g. `openssl rand -base64 48`). Prefer the env variable: flags show up in `ps`.',
  }),
  authPublicKeyFile: authKey('authPublicKeyFile', {
    env: 'AUTH_PUBLIC_KEY_FILE',
    flag: '--auth-public-key-file',
    description: 'PEM public key (BEGIN PUBLIC KEY) for EdDSA (Ed25519) or RS256 (RSA >= 2048 bit) tokens.',
  }),
  authJwksFile: authKey('authJwksFile', {
    env: 'AUTH_JWKS_FILE',
    flag: '--auth-jwks-file',
    description: 'JSON Web Key Set file of public Ed25519/RSA keys (several keys allow rotation).',
  }),
  authRequired: {
    env: 'AUTH_REQUIRED',
    flag: '--auth-required',
    description: 'Refuse to start without one of the three auth keys above (set it in every deployment).',
    parse: parseBoolean,
    check: (value) => (typeof value === 'boolean' ? null : 'a boolean (true/false/1/0)'),
  },
  authClockToleranceSec: authKey('authClockToleranceSec', {
    env: 'AUTH_CLOCK_TOLERANCE_SEC',
    flag: '--auth-clock-tolerance-sec',
    description: 'Leeway in seconds for the exp and nbf claims (clock skew), 0..300.',
    parse: (raw) => (/^\d+(\.\d+)?$/.test(raw.trim()) ? Number(raw.trim()) : raw),
  }),
  allowedOrigins: limitKey('allowedOrigins', {
    env: 'ALLOWED_ORIGINS',
    flag: '--allowed-origins',
    description:
      'Comma-separated origins allowed to open WebSockets: `*`, `https://docs.example.com`, `https://*.example.com`, `http://localhost:*`.',
    parse: (raw) => (raw.trim() === '' ? raw : raw.split(',').map((entry) => entry.trim())),
  }),
  allowMissingOrigin: limitKey('allowMissingOrigin', {
    env: 'ALLOW_MISSING_ORIGIN',
    flag: '--allow-missing-origin',
    description: 'Let in upgrades without an Origin header (non-browser clients; they could forge one anyway).',
    parse: booleanOrText,
  }),
  trustedProxyHops: limitKey('trustedProxyHops', {
    env: 'TRUSTED_PROXY_HOPS',
    flag: '--trusted-proxy-hops',
    description: 'Reverse proxies in front that append to X-Forwarded-For (0: the header is ignored).',
    parse: integerOrText,
  }),
  maxConnectionsPerIp: limitKey('maxConnectionsPerIp', {
    env: 'MAX_CONNECTIONS_PER_IP',
    flag: '--max-connections-per-ip',
    description: 'Open WebSockets per client address (IPv6: per /64); more are closed with 4521.',
    parse: integerOrText,
  }),
  maxConnectionsPerDoc: limitKey('maxConnectionsPerDoc', {
    env: 'MAX_CONNECTIONS_PER_DOC',
    flag: '--max-connections-per-doc',
    description: 'Open WebSockets per document; more are closed with 4520.',
    parse: integerOrText,
  }),
  maxMessagesPerSecond: limitKey('maxMessagesPerSecond', {
    env: 'MAX_MESSAGES_PER_SECOND',
    flag: '--max-messages-per-second',
    description: 'Sustained inbound messages per second per connection (token bucket); a flood is closed with 4529.',
    parse: integerOrText,
  }),
  messageBurst: limitKey('messageBurst', {
    env: 'MESSAGE_BURST',
    flag: '--message-burst',
    description: 'Messages a connection may send at once after a quiet period (bucket size).',
    parse: integerOrText,
  }),
  maxBytesPerSecond: limitKey('maxBytesPerSecond', {
    env: 'MAX_BYTES_PER_SECOND',
    flag: '--max-bytes-per-second',
    description: 'Sustained inbound bytes per second per connection; a flood is closed with 4529.',
    parse: integerOrText,
  }),
  byteBurst: limitKey('byteBurst', {
    env: 'BYTE_BURST',
    flag: '--byte-burst',
    description: 'Bytes a connection may send at once after a quiet period; at least maxMessageBytes.',
    parse: integerOrText,
  }),
  maxDocBytes: limitKey('maxDocBytes', {
    env: 'MAX_DOC_BYTES',
    flag: '--max-doc-bytes',
    description: 'Largest encoded size of a document; an update that would exceed it is refused, not stored, and closed with 4413.',
    parse: integerOrText,
  }),
  maxAwarenessBytes: limitKey('maxAwarenessBytes', {
    env: 'MAX_AWARENESS_BYTES',
    flag: '--max-awareness-bytes',
    description: 'Largest awareness (presence) message; a bigger one is closed with 4431.',
    parse: integerOrText,
  }),
};

const configKeys = Object.keys(configSpec) as ConfigKey[];

function describeValue(value: unknown): string {
  if (Array.isArray(value)) return value.join(',');
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

/** The config as it may be logged: secrets replaced by a marker. */
export function redactConfig(config: SyncServerConfig): Record<string, unknown> {
  const out: Record<string, unknown> = { ...config };
  for (const key of configKeys) {
    if (configSpec[key].secret && out[key] !== null && out[key] !== undefined) out[key] = '[redacted]';
  }
  return out;
}

/** Turns an auth/limits validator error into a ConfigError naming the key, its env variable and flag. */
export function configErrorFrom(error: AuthConfigError | LimitsConfigError, source?: string): ConfigError {
  const key = error.key as ConfigKey;
  const label = key in configSpec ? keyLabel(key) : `"${key}"`;
  return new ConfigError(key, `invalid config ${label}${source === undefined ? '' : ` from ${source}`}: ${error.problem}`);
}

function keyLabel(key: ConfigKey): string {
  const spec = configSpec[key];
  return `"${key}" (env ${spec.env}, flag ${spec.flag})`;
}

/** Defaults plus `overrides`, validated. Throws a ConfigError naming the first bad or unknown key. */
export function resolveConfig(overrides: Partial<SyncServerConfig> = {}): SyncServerConfig {
  if (typeof overrides !== 'object' || overrides === null) {
    throw new ConfigError('config', `invalid config: expected an object, got ${describeValue(overrides)}`);
  }
  for (const key of Object.keys(overrides)) {
    if (!(key in configSpec)) {
      throw new ConfigError(key, `unknown config key "${key}"; known keys: ${configKeys.join(', ')}`);
    }
  }
  const config: Record<string, unknown> = { ...defaultConfig };
  for (const [key, value] of Object.entries(overrides)) {
    if (value !== undefined) config[key] = value;
  }
  for (const key of configKeys) {
    const problem = configSpec[key].check(config[key]);
    if (problem !== null) {
      throw new ConfigError(key, `invalid config ${keyLabel(key)}: expected ${problem}, got ${describeValue(config[key])}`);
    }
    const sentence = configSpec[key].problem?.(config[key]) ?? null;
    if (sentence !== null) throw new ConfigError(key, `invalid config ${keyLabel(key)}: ${sentence}`);
  }
  // Rules across keys: one key source, a key when auth is required, byteBurst >= maxMessageBytes.
  try {
    validateAuthConfig(config);
    validateLimitsConfig(config, { maxMessageBytes: config.maxMessageBytes as number });
  } catch (error) {
    if (error instanceof AuthConfigError || error instanceof LimitsConfigError) throw configErrorFrom(error);
    throw error;
  }
  return config as unknown as SyncServerConfig;
}

function parseRaw(key: ConfigKey, raw: string, source: string): unknown {
  const value = configSpec[key].parse(raw);
  if (value === undefined) {
    const problem = configSpec[key].check(undefined);
    throw new ConfigError(key, `invalid config ${keyLabel(key)} from ${source}: expected ${problem}, got ${describeValue(raw)}`);
  }
  const problem = configSpec[key].check(value);
  if (problem !== null) {
    throw new ConfigError(key, `invalid config ${keyLabel(key)} from ${source}: expected ${problem}, got ${describeValue(raw)}`);
  }
  const sentence = configSpec[key].problem?.(value) ?? null;
  if (sentence !== null) throw new ConfigError(key, `invalid config ${keyLabel(key)} from ${source}: ${sentence}`);
  return value;
}

/** Reads the known variables of `env` (unknown variables are ignored). */
export function configFromEnv(env: Readonly<Record<string, string | undefined>>): Partial<SyncServerConfig> {
  const out: Record<string, unknown> = {};
  for (const key of configKeys) {
    const raw = env[configSpec[key].env];
    if (raw !== undefined && (raw !== '' || configSpec[key].emptyIsSet)) out[key] = parseRaw(key, raw, `env ${configSpec[key].env}`);
  }
  return out as Partial<SyncServerConfig>;
}

const bareFlags: ReadonlySet<ConfigKey> = new Set<ConfigKey>(['fsync', 'authRequired', 'allowMissingOrigin']);

/** Reads `--flag value` / `--flag=value` pairs; a boolean flag alone means true. Unknown flags are errors. */
export function configFromArgv(argv: readonly string[]): Partial<SyncServerConfig> {
  const byFlag = new Map(configKeys.map((key) => [configSpec[key].flag, key] as const));
  const out: Record<string, unknown> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const eq = arg.indexOf('=');
    const flag = eq === -1 ? arg : arg.slice(0, eq);
    const key = byFlag.get(flag);
    if (key === undefined) {
      // Only the flag: a mistyped `--auth-secrt=...` must not print its value.
      throw new ConfigError(flag, `unknown argument ${JSON.stringify(flag)}; run with --help for the options`);
    }
    let raw: string | undefined;
    if (eq !== -1) raw = arg.slice(eq + 1);
    else if (bareFlags.has(key) && (argv[i + 1] === undefined || argv[i + 1]?.startsWith('--'))) raw = 'true';
    else raw = argv[++i];
    if (raw === undefined) throw new ConfigError(key, `invalid config ${keyLabel(key)}: ${flag} needs a value`);
    out[key] = parseRaw(key, raw, `flag ${flag}`);
  }
  return out as Partial<SyncServerConfig>;
}

/** Defaults, overridden by the environment, overridden by CLI flags; validated. */
export function loadConfig(sources: {
  env?: Readonly<Record<string, string | undefined>>;
  argv?: readonly string[];
}): SyncServerConfig {
  return resolveConfig({ ...configFromEnv(sources.env ?? {}), ...configFromArgv(sources.argv ?? []) });
}

/** The `--help` text: every key with its flag, env variable, default and meaning. */
export function configHelp(): string {
  const lines = configKeys.map((key) => {
    const spec = configSpec[key];
    return `  ${spec.flag.padEnd(28)} ${spec.env.padEnd(24)} default ${describeValue(defaultConfig[key])}\n      ${spec.description}`;
  });
  return `Usage: tandem-sync-server [flags]   (flags override environment variables)\n\n${lines.join('\n')}\n`;
}
