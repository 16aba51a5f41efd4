import { parseArgs } from 'node:util';
import type * as z from 'zod';
import { ConfigError } from './configError.js';
import { envName, flagName } from './configNames.js';
import { type ConfigKey, configKeys, configSchema, fieldMeta, fieldSchema, isConfigKey, type SyncServerConfig } from './configSchema.js';

type Env = Readonly<Record<string, string | undefined>>;

export function describeValue(value: unknown): string {
  if (Array.isArray(value)) return value.join(',');
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

/** The first issue as a ConfigError: a rule's own sentence, or what was expected and what came. */
function errorOf(issue: z.core.$ZodIssue, key: ConfigKey, got: unknown, source?: string): ConfigError {
  const meta = fieldMeta(key);
  const shown = meta.secret === true ? '[redacted]' : describeValue(got);
  const problem = issue.code === 'custom' ? issue.message : `expected ${meta.expected}, got ${shown}`;
  return ConfigError.invalid(key, problem, { source });
}

/** Defaults plus `overrides`, validated. Throws a ConfigError naming the first bad or unknown key. */
export function resolveConfig(overrides: Partial<SyncServerConfig> = {}): SyncServerConfig {
  if (typeof overrides !== 'object' || overrides === null || Array.isArray(overrides)) {
    throw new ConfigError('config', `invalid config: expected an object, got ${describeValue(overrides)}`);
  }
  for (const key of Object.keys(overrides)) {
    if (!isConfigKey(key)) throw new ConfigError(key, `unknown config key "${key}"; known keys: ${configKeys.join(', ')}`);
  }
  const result = configSchema.safeParse(overrides);
  if (result.success) return result.data;
  const [issue] = result.error.issues;
  const key = issue?.path[0];
  if (issue === undefined || typeof key !== 'string' || !isConfigKey(key)) throw result.error;
  throw errorOf(issue, key, (overrides as Record<string, unknown>)[key]);
}

/** One key's env/flag text, read and checked against that key's own rules. */
function readText(key: ConfigKey, raw: string, source: string): unknown {
  const result = fieldSchema(key).safeParse(fieldMeta(key).fromText(raw));
  if (result.success) return result.data;
  throw errorOf(result.error.issues[0] as z.core.$ZodIssue, key, raw, source);
}

/** Reads the known variables of `env` (others are ignored); an empty one is unset, except for key sources. */
export function configFromEnv(env: Env): Partial<SyncServerConfig> {
  const out: Record<string, unknown> = {};
  for (const key of configKeys) {
    const name = envName(key);
    const raw = env[name];
    if (raw !== undefined && (raw !== '' || fieldMeta(key).emptyIsSet === true)) out[key] = readText(key, raw, `env ${name}`);
  }
  return out as Partial<SyncServerConfig>;
}

const keyByFlag = new Map(configKeys.map((key) => [flagName(key), key] as const));

/** Reads `--flag value` / `--flag=value` (node:util parseArgs); a boolean flag alone means true. */
export function configFromArgv(argv: readonly string[]): Partial<SyncServerConfig> {
  const options = Object.fromEntries(
    configKeys.map((key) => [flagName(key).slice(2), { type: fieldMeta(key).bare === true ? 'boolean' : 'string' }] as const),
  );
  const { tokens } = parseArgs({ args: [...argv], options, strict: false, allowPositionals: true, tokens: true });
  const out: Record<string, unknown> = {};
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token === undefined) continue;
    // Only the flag's name, never its value: a mistyped `--auth-secrt=...` must not print the secret.
    const name = token.kind === 'option' ? token.rawName : token.kind === 'positional' ? token.value : '--';
    const key = token.kind === 'option' ? keyByFlag.get(token.rawName) : undefined;
    if (token.kind !== 'option' || key === undefined) {
      throw new ConfigError(name, `unknown argument ${JSON.stringify(name)}; run with --help for the options`);
    }
    let raw = token.value;
    if (raw === undefined && fieldMeta(key).bare === true) {
      // `--fsync false`: the next word is its value; `--fsync` alone or before a flag means true.
      const next = tokens[i + 1];
      raw = 'true';
      if (next?.kind === 'positional') {
        raw = next.value;
        i++;
      }
    }
    if (raw === undefined) throw ConfigError.invalid(key, `${token.rawName} needs a value`);
    out[key] = readText(key, raw, `flag ${token.rawName}`);
  }
  return out as Partial<SyncServerConfig>;
}

/** Defaults, overridden by the environment, overridden by CLI flags; validated. */
export function loadConfig(sources: { env?: Env; argv?: readonly string[] }): SyncServerConfig {
  return resolveConfig({ ...configFromEnv(sources.env ?? {}), ...configFromArgv(sources.argv ?? []) });
}

/** The config as it may be logged: secrets replaced by a marker. */
export function redactConfig(config: SyncServerConfig): Record<string, unknown> {
  const out: Record<string, unknown> = { ...config };
  for (const key of configKeys) {
    if (fieldMeta(key).secret === true && out[key] !== null) out[key] = '[redacted]';
  }
  return out;
}
