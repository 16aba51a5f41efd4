import * as z from 'zod';
import { boolean, type ConfigType, field, integer, seconds } from './configField.js';
import type { ConfigProblem } from './configProblem.js';

export const MIN_SECRET_BYTES = 32;
const KEY_SOURCES = ['authSecret', 'authPublicKeyFile', 'authJwksFile'] as const;
/** Up to a year: anything longer is no limit at all. */
const MAX_TOKEN_LIFETIME_SEC = 365 * 24 * 60 * 60;

/**
 * An optional key source. An empty value usually comes from a missing substitution
 * (AUTH_SECRET=${UNSET}); falling back to open mode would be the worst possible reading of it.
 */
const keySource = (options: { minBytes?: number } = {}): ConfigType<z.ZodNullable<z.ZodString>> => ({
  schema: z
    .string()
    .nullable()
    .superRefine((value, ctx) => {
      if (value === null) return;
      if (value.trim() === '') {
        ctx.addIssue({ code: 'custom', message: 'is set but empty; unset it or give a value' });
        return;
      }
      const bytes = new TextEncoder().encode(value).byteLength;
      if (options.minBytes !== undefined && bytes < options.minBytes) {
        ctx.addIssue({
          code: 'custom',
          message: `must be at least ${options.minBytes} bytes (got ${bytes}); generate one with \`openssl rand -base64 48\``,
        });
      }
    }),
  expected: 'a string, or null for none',
  fromText: (raw) => raw,
});

/**
 * Auth: at most one key source; with none the server runs in open mode (everyone may read and
 * write), unless `authRequired` refuses to start, so a missing secret never silently means open.
 */
export const authFields = {
  authSecret: field(
    keySource({ minBytes: MIN_SECRET_BYTES }),
    null,
    'Shared secret for HS256 tokens (>= 32 bytes, e.g. `openssl rand -base64 48`). Prefer the env variable: flags show up in `ps`.',
    { emptyIsSet: true, secret: true },
  ),
  authPublicKeyFile: field(keySource(), null, 'PEM public key (BEGIN PUBLIC KEY) for EdDSA (Ed25519) or RS256 (RSA >= 2048 bit) tokens.', {
    emptyIsSet: true,
  }),
  authJwksFile: field(keySource(), null, 'JSON Web Key Set file of public Ed25519/RSA keys (several keys allow rotation).', {
    emptyIsSet: true,
  }),
  authRequired: field(boolean(), false, 'Refuse to start without one of the three auth keys above (set it in every deployment).'),
  authClockToleranceSec: field(seconds(0, 300), 5, 'Leeway in seconds for the exp and nbf claims (clock skew), 0..300.'),
  /**
   * An open connection keeps its access until it closes, and a token cannot be revoked: a
   * long-lived one that leaks works for its life.
   */
  authMaxTokenLifetimeSec: field(
    { ...integer(1, MAX_TOKEN_LIFETIME_SEC), expected: `a whole number of seconds from 1 to ${MAX_TOKEN_LIFETIME_SEC}` },
    24 * 60 * 60,
    'Longest accepted token lifetime in seconds (exp minus iat, or minus now); a longer-lived token gets 401.',
  ),
};

const authObject = z.object(authFields);
export type AuthConfig = z.output<typeof authObject>;

/** Rules across the auth keys: one key source at most, and one when auth is required. */
export function authProblems(config: AuthConfig): ConfigProblem[] {
  const set = KEY_SOURCES.filter((key) => config[key] !== null);
  const [first, second] = set;
  if (second !== undefined) return [{ key: second, problem: `set only one key source, but both ${set.join(' and ')} are set` }];
  if (config.authRequired && first === undefined) {
    return [{ key: 'authRequired', problem: `auth is required but no key is configured; set one of ${KEY_SOURCES.join(', ')}` }];
  }
  return [];
}
