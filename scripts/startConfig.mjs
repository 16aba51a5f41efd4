// The settings of `npm start`, `npm run dev` and `npm run cluster`: one zod schema over the
// environment, read once at start; a bad value stops it before anything is built, naming the
// variable. The README's "Run it for your team" table lists every key (a test checks it).
import { isIP } from 'node:net';
import { resolve } from 'node:path';
import * as z from 'zod';
// The app's own rule for PUBLIC_URL, plain JavaScript so that it runs here before any build.
import { publicOrigin } from '../apps/editor/src/config/publicOrigin.mjs';

const whole = (min, max, message) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, { message })
    .transform(Number)
    .refine((value) => value >= min && value <= max, { message });
const port = whole(1, 65535, 'must be a port number 1-65535');
const flag = z
  .enum(['1', 'true', '0', 'false'], { error: 'must be 1 or true (on), 0 or false (off)' })
  .transform((value) => value === '1' || value === 'true');
const hostName = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/i;

const publicUrl = z.string().transform((raw, ctx) => {
  const { origin, problem } = publicOrigin(raw);
  if (origin === undefined) {
    ctx.addIssue({ code: 'custom', message: `${problem}, got ${JSON.stringify(raw)}` });
    return z.NEVER;
  }
  return origin;
});

const syncUrl = z
  .string()
  .trim()
  .refine((value) => /^wss?:\/\/[^/?#]+/.test(value) || /^\/[^?#]*$/.test(value), {
    message: "must be a path on the page's origin (e.g. /sync) or a ws:// or wss:// URL",
  });

/** Every setting, by environment variable, with its meaning (the README table's source). */
export const startSettings = {
  HOST: {
    schema: z
      .string()
      .trim()
      .refine((value) => isIP(value) !== 0 || hostName.test(value), { message: 'must be an IP address or a host name' }),
    meaning: 'Interface of the public port.',
  },
  TANDEM_WEB_PORT: { schema: port, meaning: 'The public port: the app, and the sync server under `/sync`.' },
  PUBLIC_URL: { schema: publicUrl, meaning: 'The address people open: copied and shared links, mails.' },
  TANDEM_SYNC_PORT: { schema: port, meaning: "The sync server's own port, on 127.0.0.1 only." },
  TANDEM_DATA_DIR: { schema: z.string().trim().min(1), meaning: 'LevelDB directory (and the generated secret).' },
  AUTH_SECRET: {
    schema: z.string().refine((value) => Buffer.byteLength(value) >= 32, {
      message: 'must be at least 32 bytes (e.g. `openssl rand -base64 48`); unset it to use the generated one',
    }),
    meaning: 'Token secret shared by the app and the sync server.',
  },
  TANDEM_OPEN_MODE: { schema: flag, meaning: '`1`: no auth at all.' },
  ALLOWED_ORIGINS: { schema: z.string().trim().min(1), meaning: 'Origins whose pages may open WebSockets on the sync server.' },
  TRUSTED_PROXY_HOPS: { schema: whole(0, 16, 'must be a whole number 0-16'), meaning: 'Reverse proxies in front of the public port.' },
  NEXT_PUBLIC_SYNC_URL: { schema: syncUrl, meaning: 'Where the browser finds the sync server.' },
};

export const startDefaults = Object.freeze({ syncPort: 1234, webPort: 3000, dataDir: './data', syncPath: '/sync', trustedProxyHops: 0 });

const schema = z
  .object(Object.fromEntries(Object.entries(startSettings).map(([key, { schema: field }]) => [key, field.optional()])))
  .superRefine((env, ctx) => {
    const syncPort = env.TANDEM_SYNC_PORT ?? startDefaults.syncPort;
    const webPort = env.TANDEM_WEB_PORT ?? startDefaults.webPort;
    if (syncPort === webPort) {
      ctx.addIssue({ code: 'custom', path: ['TANDEM_SYNC_PORT'], message: `must differ from TANDEM_WEB_PORT (both ${syncPort})` });
    }
  });

/** The loopback interfaces: listening there, nobody else can reach the port. */
export function isLoopback(host) {
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}

/**
 * The start configuration from the environment. An unset or empty variable takes its default; a
 * bad value throws `invalid setting NAME: why`. `dataDir` is resolved against `root`.
 */
export function readStartConfig(env, root) {
  const present = Object.fromEntries(
    Object.keys(startSettings)
      .filter((key) => env[key] !== undefined && env[key] !== '')
      .map((key) => [key, env[key]]),
  );
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const key = String(issue?.path[0] ?? 'environment');
    const shown =
      key === 'AUTH_SECRET' || present[key] === undefined || issue?.message.includes(', got ')
        ? ''
        : `, got ${JSON.stringify(present[key])}`;
    throw new Error(`invalid setting ${key}: ${issue?.message}${shown}`);
  }
  const settings = parsed.data;
  const openMode = settings.TANDEM_OPEN_MODE ?? false;
  return {
    syncPort: settings.TANDEM_SYNC_PORT ?? startDefaults.syncPort,
    webPort: settings.TANDEM_WEB_PORT ?? startDefaults.webPort,
    // Open mode has no access control: it stays on this machine unless HOST says otherwise.
    host: settings.HOST ?? (openMode ? '127.0.0.1' : '0.0.0.0'),
    publicUrl: settings.PUBLIC_URL ?? null,
    dataDir: resolve(root, settings.TANDEM_DATA_DIR ?? startDefaults.dataDir),
    openMode,
    authSecret: openMode ? null : (settings.AUTH_SECRET ?? null),
    allowedOrigins: settings.ALLOWED_ORIGINS ?? null,
    trustedProxyHops: settings.TRUSTED_PROXY_HOPS ?? startDefaults.trustedProxyHops,
    syncUrl: settings.NEXT_PUBLIC_SYNC_URL ?? startDefaults.syncPath,
  };
}
