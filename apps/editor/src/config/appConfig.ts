import { isAbsolute, resolve } from 'node:path';
import * as z from 'zod';
import { MIN_SECRET_BYTES } from '@/auth/authSecret';
import { publicUrlSchema } from './publicUrl';
import { ConfigError } from './syncConfig';

/**
 * The app server's configuration for accounts and storage: one schema over the environment, read
 * once when the server starts (and on first use by a route). A bad value throws a `ConfigError`
 * naming its variable. The sync URL is read by `readSyncConfig`.
 */
const secret = (name: string) =>
  z
    .string()
    .refine((value) => new TextEncoder().encode(value).byteLength >= MIN_SECRET_BYTES, {
      message: `${name} must be at least ${MIN_SECRET_BYTES} bytes; generate one with \`openssl rand -base64 48\``,
    })
    .optional();

const positiveInt = (max: number) => z.coerce.number().int().min(1).max(max);

const httpUrl = z
  .string()
  .url()
  .refine((value) => /^https?:\/\//.test(value), 'must be an http:// or https:// URL');

/** A comma-separated list, its entries trimmed, empty ones dropped. */
const commaList = z.string().transform((value) =>
  value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean),
);

/** Env variable → schema; every key optional in the environment, with its default here. */
export const appConfigSchema = z.object({
  AUTH_SECRET: secret('AUTH_SECRET'),
  SESSION_SECRET: secret('SESSION_SECRET'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/\S+$/, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  APP_DATABASE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'must be a lower-case PostgreSQL schema name')
    .default('tandem_app'),
  PUBLIC_URL: publicUrlSchema.optional(),
  SIGNUP: z.enum(['invite', 'open']).default('invite'),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/\S+$/, 'must be an smtp:// or smtps:// URL, e.g. smtps://user:pass@smtp.example.com')
    .optional(),
  MAIL_FROM: z.string().min(3).default('Tandem <tandem@localhost>'),
  OIDC_ISSUER: httpUrl.optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  OIDC_NAME: z.string().min(1).max(40).default('Single sign-on'),
  OIDC_ROLE: z.enum(['member', 'guest']).default('member'),
  SYNC_SERVER_URL: httpUrl.optional(),
  ALLOWED_ORIGINS: commaList.optional(),
  SYNC_ADMIN_KEY: z
    .string()
    .regex(/^tdk_\S{16,}$/, 'must be a sync server API key (tdk_…) with the admin scope')
    .optional(),
  AUTH_RATE_LIMIT_MAX: positiveInt(10_000).default(10),
  AUTH_RATE_LIMIT_WINDOW_SEC: positiveInt(86_400).default(60),
  TRUSTED_PROXIES: commaList.optional(),
});

type Env = z.output<typeof appConfigSchema>;

export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  name: string;
  role: 'member' | 'guest';
}

export interface AppConfig {
  /** The sync server's token secret; null: open mode (the sync server checks no tokens). */
  authSecret: string | null;
  /** SESSION_SECRET, or null: derived from AUTH_SECRET, else generated into the data directory. */
  sessionSecret: string | null;
  dataDir: string;
  database: { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string; schema: string };
  /** Origin the app is reached at (links in mails, OpenID redirects, CSRF), without a trailing slash; null: any local address. */
  publicUrl: string | null;
  signup: 'invite' | 'open';
  mail: { smtpUrl: string | null; from: string };
  oidc: OidcConfig | null;
  /** The sync server's HTTP API as this server reaches it (revocations); null: derived from NEXT_PUBLIC_SYNC_URL when that is a URL. */
  syncServerUrl: string | null;
  syncAdminKey: string | null;
  /** Other origins the app is opened at besides PUBLIC_URL (`http://localhost:*` patterns allowed): trusted by the CSRF checks. */
  trustedOrigins: string[];
  rateLimit: { max: number; windowSec: number };
  trustedProxies: string[];
}

/** Every key at its default (an empty environment). */
export const defaultAppConfig: Readonly<AppConfig> = Object.freeze(appConfigFrom({}, '/'));

function toAppConfig(env: Env, cwd: string): AppConfig {
  const dataDir = isAbsolute(env.DATA_DIR) ? env.DATA_DIR : resolve(cwd, env.DATA_DIR);
  const oidcKeys = [env.OIDC_ISSUER, env.OIDC_CLIENT_ID, env.OIDC_CLIENT_SECRET];
  if (oidcKeys.some((value) => value !== undefined) && oidcKeys.some((value) => value === undefined)) {
    const missing = (['OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET'] as const).filter((key) => env[key] === undefined);
    throw new ConfigError(`${missing.join(', ')}: single sign-on needs OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET together`);
  }
  return {
    authSecret: env.AUTH_SECRET ?? null,
    sessionSecret: env.SESSION_SECRET ?? null,
    dataDir,
    database:
      env.DATABASE_URL === undefined
        ? { kind: 'sqlite', file: resolve(dataDir, 'app.db') }
        : { kind: 'postgres', url: env.DATABASE_URL, schema: env.APP_DATABASE_SCHEMA },
    publicUrl: env.PUBLIC_URL === undefined ? null : env.PUBLIC_URL.replace(/\/+$/, ''),
    signup: env.SIGNUP,
    mail: { smtpUrl: env.SMTP_URL ?? null, from: env.MAIL_FROM },
    oidc:
      env.OIDC_ISSUER && env.OIDC_CLIENT_ID && env.OIDC_CLIENT_SECRET
        ? {
            issuer: env.OIDC_ISSUER.replace(/\/+$/, ''),
            clientId: env.OIDC_CLIENT_ID,
            clientSecret: env.OIDC_CLIENT_SECRET,
            name: env.OIDC_NAME,
            role: env.OIDC_ROLE,
          }
        : null,
    syncServerUrl: env.SYNC_SERVER_URL === undefined ? null : env.SYNC_SERVER_URL.replace(/\/+$/, ''),
    syncAdminKey: env.SYNC_ADMIN_KEY ?? null,
    trustedOrigins: env.ALLOWED_ORIGINS ?? [],
    rateLimit: { max: env.AUTH_RATE_LIMIT_MAX, windowSec: env.AUTH_RATE_LIMIT_WINDOW_SEC },
    trustedProxies: env.TRUSTED_PROXIES ?? ['127.0.0.1', '::1'],
  };
}

/**
 * The configuration from an environment (`process.env`); relative paths are taken from `cwd`. An
 * empty value counts as unset, except for the secrets, where it is an error (as with the sync server).
 */
export function appConfigFrom(env: Readonly<Record<string, string | undefined>>, cwd: string = process.cwd()): AppConfig {
  const present: Record<string, string> = {};
  for (const key of Object.keys(appConfigSchema.shape)) {
    const value = env[key];
    if (value === undefined) continue;
    if (value.trim() === '') {
      if (key === 'AUTH_SECRET' || key === 'SESSION_SECRET') {
        throw new ConfigError(`${key} is set but empty; unset it or give a secret of at least ${MIN_SECRET_BYTES} bytes`);
      }
      continue;
    }
    present[key] = value.trim();
  }
  const parsed = appConfigSchema.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const key = String(issue?.path[0] ?? 'config');
    const shown =
      key.includes('SECRET') || key === 'DATABASE_URL' || key === 'SMTP_URL' || key === 'SYNC_ADMIN_KEY'
        ? '(hidden)'
        : JSON.stringify(present[key]);
    throw new ConfigError(`invalid ${key}=${shown}: ${issue?.message ?? 'invalid value'}`);
  }
  return toAppConfig(parsed.data, cwd);
}
