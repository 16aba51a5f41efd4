import { LimitsConfigError } from './limitsConfigError.js';
import { parseOriginPattern } from './originPattern.js';

const KiB = 1024;
const MiB = 1024 * KiB;

/** Resource limits, read once at start. Every limit applies per server process. */
export interface LimitsConfig {
  /** Origins allowed at the WebSocket upgrade (see `originAllowed`); `["*"]` allows all. */
  allowedOrigins: readonly string[];
  /** Let in upgrades without an Origin header (non-browser clients: scripts, tests, bots). */
  allowMissingOrigin: boolean;
  /** Reverse proxies in front of the server that append to X-Forwarded-For (0: trust no header). */
  trustedProxyHops: number;
  /** Open connections per client address (IPv6: per /64). */
  maxConnectionsPerIp: number;
  /** Open connections per document. */
  maxConnectionsPerDoc: number;
  /** Sustained inbound messages per second per connection ... */
  maxMessagesPerSecond: number;
  /** ... and how many may arrive at once after a quiet period. */
  messageBurst: number;
  /** Sustained inbound bytes per second per connection ... */
  maxBytesPerSecond: number;
  /** ... and the burst; at least the largest accepted frame (`maxMessageBytes`), or it could never pass. */
  byteBurst: number;
  /** Largest encoded size a document may grow to; an update that would exceed it is refused. */
  maxDocBytes: number;
  /** Largest awareness message (a client's presence state: name, colour, cursor). */
  maxAwarenessBytes: number;
}

/**
 * Safe for local use out of the box: only pages served from this machine may connect (a page on
 * any other site is refused, which blocks cross-site WebSocket hijacking of a local open-mode
 * server). Deployments list their editor's origin in `allowedOrigins`.
 */
export const defaultLimits: Readonly<LimitsConfig> = Object.freeze({
  allowedOrigins: Object.freeze(['http://localhost:*', 'http://127.0.0.1:*', 'http://[::1]:*', 'https://localhost:*']),
  allowMissingOrigin: true,
  trustedProxyHops: 0,
  maxConnectionsPerIp: 64,
  maxConnectionsPerDoc: 256,
  maxMessagesPerSecond: 200,
  messageBurst: 400,
  maxBytesPerSecond: 4 * MiB,
  byteBurst: 16 * MiB,
  maxDocBytes: 64 * MiB,
  maxAwarenessBytes: 64 * KiB,
});

type Raw = Readonly<Record<string, unknown>>;

/**
 * Build a `LimitsConfig` from defaults plus `raw` overrides (typed values, or the strings of env
 * variables and flags: integers as digits, booleans as true/false/1/0, origins comma-separated).
 * Only the limits keys are read; `undefined` means "not set". `context.maxMessageBytes` (the
 * server's largest accepted frame) is checked against `byteBurst`. Throws a `LimitsConfigError`
 * naming the key on the first problem.
 */
export function validateLimitsConfig(raw: Raw, context: { maxMessageBytes?: number } = {}): LimitsConfig {
  const limits: LimitsConfig = {
    allowedOrigins: origins(raw),
    allowMissingOrigin: booleanValue(raw, 'allowMissingOrigin'),
    trustedProxyHops: integer(raw, 'trustedProxyHops', 0, 16),
    maxConnectionsPerIp: integer(raw, 'maxConnectionsPerIp', 1),
    maxConnectionsPerDoc: integer(raw, 'maxConnectionsPerDoc', 1),
    maxMessagesPerSecond: integer(raw, 'maxMessagesPerSecond', 1),
    messageBurst: integer(raw, 'messageBurst', 1),
    maxBytesPerSecond: integer(raw, 'maxBytesPerSecond', 1),
    byteBurst: integer(raw, 'byteBurst', 1),
    maxDocBytes: integer(raw, 'maxDocBytes', 1),
    maxAwarenessBytes: integer(raw, 'maxAwarenessBytes', 1),
  };
  const { maxMessageBytes } = context;
  if (maxMessageBytes !== undefined && limits.byteBurst < maxMessageBytes) {
    throw new LimitsConfigError(
      'byteBurst',
      `must be at least maxMessageBytes (${maxMessageBytes}), or a frame the server accepts could never pass the rate limit (got ${limits.byteBurst})`,
    );
  }
  return limits;
}

function origins(raw: Raw): readonly string[] {
  const key = 'allowedOrigins';
  const value = raw[key];
  if (value === undefined) return defaultLimits.allowedOrigins;
  let list: unknown[];
  if (typeof value === 'string') {
    if (value.trim() === '') throw new LimitsConfigError(key, 'is set but empty; unset it, or give "*" or a comma-separated list');
    list = value.split(',').map((entry) => entry.trim());
  } else if (Array.isArray(value)) {
    list = value;
  } else {
    throw new LimitsConfigError(key, `must be a list of origins (got ${typeof value})`);
  }
  return Object.freeze(
    list.map((entry) => {
      if (typeof entry !== 'string') throw new LimitsConfigError(key, `entries must be strings (got ${typeof entry})`);
      try {
        parseOriginPattern(entry);
      } catch (error) {
        throw new LimitsConfigError(key, (error as Error).message, { cause: error });
      }
      return entry.trim();
    }),
  );
}

function booleanValue(raw: Raw, key: 'allowMissingOrigin'): boolean {
  const value = raw[key];
  if (value === undefined) return defaultLimits[key];
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  throw new LimitsConfigError(key, `must be true or false (got ${JSON.stringify(value)})`);
}

type IntegerKey = { [K in keyof LimitsConfig]: LimitsConfig[K] extends number ? K : never }[keyof LimitsConfig];

function integer(raw: Raw, key: IntegerKey, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const value = raw[key];
  if (value === undefined) return defaultLimits[key];
  const parsed = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(parsed) || parsed < min || parsed > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `an integer >= ${min}` : `an integer ${min}..${max}`;
    throw new LimitsConfigError(key, `must be ${range} (got ${JSON.stringify(value)})`);
  }
  return parsed;
}
