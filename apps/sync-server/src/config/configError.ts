import { envName, flagName } from './configNames.js';

/**
 * A configuration value was rejected: at start (env, flags, an embedding app's object) or when a
 * key file it names is loaded. `key` is the config key (or the unknown key or argument).
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly key: string;

  constructor(key: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.key = key;
  }

  /**
   * The value of `key` is bad: `invalid config "port" (env PORT, flag --port) from flag --port:
   * expected an integer 0..65535, got "abc"`. `source` says where the value came from, if known.
   */
  static invalid(key: string, problem: string, options: { source?: string; cause?: unknown } = {}): ConfigError {
    const from = options.source === undefined ? '' : ` from ${options.source}`;
    const label = `"${key}" (env ${envName(key)}, flag ${flagName(key)})`;
    return new ConfigError(key, `invalid config ${label}${from}: ${problem}`, { cause: options.cause });
  }
}
