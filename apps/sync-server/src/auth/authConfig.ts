import { AuthConfigError } from './authConfigError.js';

/**
 * Auth settings, read once at start. At most one key source may be set:
 * - `authSecret`: shared secret for HS256 (at least 32 bytes of UTF-8).
 * - `authPublicKeyFile`: PEM public key (SPKI; Ed25519 → EdDSA, RSA ≥ 2048 bits → RS256).
 * - `authJwksFile`: JSON Web Key Set file with Ed25519 and/or RSA public keys.
 * With no key source the server runs in open mode (everyone may read and write).
 * `authRequired` refuses to start without a key source, so a missing secret can never silently
 * fall back to open mode.
 */
export interface AuthConfig {
  authSecret: string | null;
  authPublicKeyFile: string | null;
  authJwksFile: string | null;
  authRequired: boolean;
  /** Leeway for `exp` and `nbf`, in seconds (0..300). */
  authClockToleranceSec: number;
}

export const defaultAuthConfig: Readonly<AuthConfig> = Object.freeze({
  authSecret: null,
  authPublicKeyFile: null,
  authJwksFile: null,
  authRequired: false,
  authClockToleranceSec: 5,
});

export const MIN_SECRET_BYTES = 32;
const MAX_CLOCK_TOLERANCE_SEC = 300;

const KEY_SOURCES = ['authSecret', 'authPublicKeyFile', 'authJwksFile'] as const;

/**
 * Build an `AuthConfig` from defaults plus `raw` overrides (typed values, or the strings of env
 * variables and flags). Only the auth keys are read. `undefined` means "not set". Throws an
 * `AuthConfigError` naming the key on the first problem.
 */
export function validateAuthConfig(raw: Readonly<Record<string, unknown>>): AuthConfig {
  const config: AuthConfig = {
    authSecret: optionalNonEmptyString(raw, 'authSecret'),
    authPublicKeyFile: optionalNonEmptyString(raw, 'authPublicKeyFile'),
    authJwksFile: optionalNonEmptyString(raw, 'authJwksFile'),
    authRequired: booleanValue(raw, 'authRequired', defaultAuthConfig.authRequired),
    authClockToleranceSec: clockTolerance(raw),
  };
  if (config.authSecret !== null) {
    const bytes = new TextEncoder().encode(config.authSecret).byteLength;
    if (bytes < MIN_SECRET_BYTES) {
      throw new AuthConfigError(
        'authSecret',
        `must be at least ${MIN_SECRET_BYTES} bytes (got ${bytes}); generate one with \`openssl rand -base64 48\``,
      );
    }
  }
  const set = KEY_SOURCES.filter((key) => config[key] !== null);
  const [first, second] = set;
  if (first !== undefined && second !== undefined) {
    throw new AuthConfigError(second, `set only one key source, but both ${set.join(' and ')} are set`);
  }
  if (config.authRequired && first === undefined) {
    throw new AuthConfigError(
      'authRequired',
      `auth is required but no key is configured; set one of ${KEY_SOURCES.join(', ')}`,
    );
  }
  return config;
}

function optionalNonEmptyString(raw: Readonly<Record<string, unknown>>, key: string): string | null {
  const value = raw[key];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw new AuthConfigError(key, `must be a string (got ${typeof value})`);
  // An empty value usually comes from a missing substitution (AUTH_SECRET=${UNSET}); falling back to
  // open mode would be the worst possible reading of it.
  if (value.trim() === '') throw new AuthConfigError(key, 'is set but empty; unset it or give a value');
  return value;
}

function booleanValue(raw: Readonly<Record<string, unknown>>, key: string, fallback: boolean): boolean {
  const value = raw[key];
  if (value === undefined) return fallback;
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  throw new AuthConfigError(key, `must be true or false (got ${JSON.stringify(value)})`);
}

function clockTolerance(raw: Readonly<Record<string, unknown>>): number {
  const key = 'authClockToleranceSec';
  const value = raw[key];
  if (value === undefined) return defaultAuthConfig.authClockToleranceSec;
  const parsed =
    typeof value === 'number' ? value : typeof value === 'string' && /^\d+(\.\d+)?$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isFinite(parsed) || parsed < 0 || parsed > MAX_CLOCK_TOLERANCE_SEC) {
    throw new AuthConfigError(key, `must be a number of seconds from 0 to ${MAX_CLOCK_TOLERANCE_SEC} (got ${JSON.stringify(value)})`);
  }
  return parsed;
}
