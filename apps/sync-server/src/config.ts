/**
 * The server's configuration: one typed object built from `defaultConfig` plus validated
 * overrides (environment, then CLI flags, or an object when embedding). Read once at start,
 * never at import time. Every error names the bad key, its env variable and its flag.
 */

export const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof logLevels)[number];

export interface SyncServerConfig {
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
    description: 'Ping interval; a connection silent for two intervals is dropped and its awareness removed.',
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
};

const configKeys = Object.keys(configSpec) as ConfigKey[];

function describeValue(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
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
  return value;
}

/** Reads the known variables of `env` (unknown variables are ignored). */
export function configFromEnv(env: Readonly<Record<string, string | undefined>>): Partial<SyncServerConfig> {
  const out: Record<string, unknown> = {};
  for (const key of configKeys) {
    const raw = env[configSpec[key].env];
    if (raw !== undefined && raw !== '') out[key] = parseRaw(key, raw, `env ${configSpec[key].env}`);
  }
  return out as Partial<SyncServerConfig>;
}

/** Reads `--flag value` / `--flag=value` pairs; `--fsync` alone means true. Unknown flags are errors. */
export function configFromArgv(argv: readonly string[]): Partial<SyncServerConfig> {
  const byFlag = new Map(configKeys.map((key) => [configSpec[key].flag, key] as const));
  const out: Record<string, unknown> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const eq = arg.indexOf('=');
    const flag = eq === -1 ? arg : arg.slice(0, eq);
    const key = byFlag.get(flag);
    if (key === undefined) {
      throw new ConfigError(flag, `unknown argument ${JSON.stringify(arg)}; run with --help for the options`);
    }
    let raw: string | undefined;
    if (eq !== -1) raw = arg.slice(eq + 1);
    else if (key === 'fsync' && (argv[i + 1] === undefined || argv[i + 1]?.startsWith('--'))) raw = 'true';
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
    return `  ${spec.flag.padEnd(26)} ${spec.env.padEnd(22)} default ${describeValue(defaultConfig[key])}\n      ${spec.description}`;
  });
  return `Usage: tandem-sync-server [flags]   (flags override environment variables)\n\n${lines.join('\n')}\n`;
}
