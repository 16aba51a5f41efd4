#!/usr/bin/env node
// `npm start`: build what the product needs, then run it on one public port (TANDEM_WEB_PORT,
// default 3000, on HOST): the editor app, and the sync server under `/sync`, through the gateway
// (scripts/gateway.mjs) in this process. Behind it, as child processes on 127.0.0.1, the sync
// server (LevelDB in ./data, its own port TANDEM_SYNC_PORT for embedders and operations) and
// `next start` (on a free port). Output is prefixed per process. Ctrl-C or SIGTERM stops
// everything; if a child dies, the rest is stopped too and this exits non-zero.
// Settings: scripts/startConfig.mjs, and the README's "Run it for your team".
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { hostname, networkInterfaces } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startGateway } from './gateway.mjs';
import { publicAddress } from './publicAddress.mjs';
import { runTogether, say } from './runTogether.mjs';
import { isLoopback, readStartConfig } from './startConfig.mjs';

export { runTogether, say };

export const repoRoot = fileURLToPath(new URL('..', import.meta.url));

/** The start configuration from the environment; a bad value throws an error naming its variable. */
export function readConfig(env = process.env) {
  const config = readStartConfig(env, repoRoot);
  return { ...config, authSecretFile: join(config.dataDir, '.auth-secret') };
}

/**
 * The secret the editor signs tokens with and the sync server verifies them with: AUTH_SECRET if
 * set, else the one kept in the data directory, generated (48 random bytes, file mode 0600) on the
 * first run. Null in open mode. Deleting the file revokes every share link and token.
 */
export function ensureAuthSecret(config) {
  if (config.openMode) return null;
  if (config.authSecret !== null) return { secret: config.authSecret, source: 'AUTH_SECRET' };
  const inRepo = relative(repoRoot, config.authSecretFile);
  const where = inRepo.startsWith('..') ? config.authSecretFile : inRepo;
  try {
    const secret = readFileSync(config.authSecretFile, 'utf8').trim();
    if (Buffer.byteLength(secret) < 32) throw new Error(`${where} holds fewer than 32 bytes; delete it to generate a new one`);
    return { secret, source: where };
  } catch (error) {
    if (error.code !== 'ENOENT') throw error;
  }
  mkdirSync(config.dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(config.authSecretFile, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  return { secret, source: `${where} (generated now)` };
}

/**
 * The app's admin API key on the sync server, so that removing someone from the workspace closes
 * their open connections at once (`/api/revocations`): kept in the data directory (`.app-admin-key`,
 * file mode 0600), generated on the first run. The sync server gets its SHA-256 in API_KEYS, after
 * any keys of yours there.
 */
export function appAdminKey(config, env = process.env) {
  const file = join(config.dataDir, '.app-admin-key');
  let key;
  try {
    key = readFileSync(file, 'utf8').trim();
  } catch (error) {
    if (error.code !== 'ENOENT') throw error;
    mkdirSync(config.dataDir, { recursive: true });
    key = `tdk_${randomBytes(32).toString('base64url')}`;
    writeFileSync(file, `${key}\n`, { mode: 0o600, flag: 'wx' });
  }
  let yours = [];
  if (env.API_KEYS !== undefined && env.API_KEYS.trim() !== '') {
    try {
      yours = JSON.parse(env.API_KEYS);
    } catch (error) {
      throw new Error(`API_KEYS is not JSON: ${error.message}`);
    }
    if (!Array.isArray(yours)) throw new Error('API_KEYS must be a JSON array of keys');
  }
  const entry = { id: 'tandem-app', sha256: createHash('sha256').update(key).digest('hex'), scopes: ['admin'] };
  return { key, apiKeys: JSON.stringify([...yours.filter((k) => k?.id !== entry.id), entry]) };
}

/** The environment each child gets for auth, and a line saying what it means. */
export function authSetup(config) {
  const auth = ensureAuthSecret(config);
  if (auth === null) {
    return {
      syncEnv: {},
      webEnv: {},
      line: 'OPEN MODE (TANDEM_OPEN_MODE=1): no tokens; anyone who can reach the sync server can read and write every document.',
    };
  }
  const admin = appAdminKey(config);
  return {
    syncEnv: { AUTH_SECRET: auth.secret, AUTH_REQUIRED: 'true', API_KEYS: admin.apiKeys },
    webEnv: { AUTH_SECRET: auth.secret, SYNC_ADMIN_KEY: admin.key },
    line: `auth on: share links and 10-minute tokens signed with the secret from ${auth.source}. Delete that file to revoke every link; TANDEM_OPEN_MODE=1 turns auth off.`,
  };
}

/** Where the product is reached, from the configuration and this machine's interfaces. */
export function addressOf(config) {
  return publicAddress(config, { interfaces: networkInterfaces(), hostname: hostname() });
}

/** A port on 127.0.0.1 nothing listens on right now (for a process only the gateway talks to). */
export function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

/**
 * The editor app as a process for `runTogether`: `next start` (or `next dev`) on 127.0.0.1:`port`;
 * the browser finds the sync server at `config.syncUrl` (default `/sync` on the page's origin),
 * links carry `address.publicUrl`.
 */
export function webProcess(config, auth, address, port, mode = 'start') {
  return {
    name: 'web',
    command: process.execPath,
    args: [resolve(repoRoot, 'node_modules/next/dist/bin/next'), mode, '-p', String(port), '-H', '127.0.0.1'],
    cwd: resolve(repoRoot, 'apps/editor'),
    // Next's own "Local:" and "Network:" lines name its address behind the public port.
    hide: /^\s*- (Local|Network):/,
    env: {
      NEXT_PUBLIC_SYNC_URL: config.syncUrl,
      PUBLIC_URL: address.publicUrl,
      ALLOWED_ORIGINS: address.allowedOrigins,
      // The app's own data (accounts) beside the documents; its server reaches the sync server directly.
      DATA_DIR: config.dataDir,
      SYNC_SERVER_URL: `http://127.0.0.1:${config.syncPort}`,
      NEXT_TELEMETRY_DISABLED: '1',
      ...(mode === 'start' ? { NODE_ENV: 'production' } : {}),
      ...auth.webEnv,
    },
  };
}

/** Runs turbo's build for the given filters, streaming its output; throws when it fails. */
export function build(filters) {
  say('build', `turbo run build ${filters.map((f) => `--filter=${f}`).join(' ')}`);
  const result = spawnSync(
    process.execPath,
    [
      resolve(repoRoot, 'node_modules/turbo/bin/turbo'),
      'run',
      'build',
      ...filters.map((f) => `--filter=${f}`),
      '--output-logs=errors-only',
    ],
    { cwd: repoRoot, stdio: 'inherit', env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } },
  );
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`the build failed (exit ${result.status})`);
}

/** What the start-up says about who can reach it and what links carry. */
export function reachLines(config, address) {
  const who =
    address.teammateUrls.length > 0
      ? `Teammates open ${address.teammateUrls.join(' or ')}.`
      : `Only this machine can open it (HOST=${config.host}); HOST=0.0.0.0 lets teammates on your network in.`;
  return [
    who,
    `Links carry ${address.publicUrl} (${address.publicUrlSource}${config.publicUrl === null ? '; set PUBLIC_URL to change it' : ''}).`,
  ];
}

/**
 * The product on its public port: the gateway in this process, the sync server and the editor app
 * (`next start` or `next dev`) as children. Resolves with the exit code.
 */
export async function runProduct(config, { mode, name }) {
  const auth = authSetup(config);
  say('tandem', auth.line);
  const address = addressOf(config);
  const webPort = await freePort();
  const gateway = await startGateway({
    host: config.host,
    port: config.webPort,
    webTarget: `http://127.0.0.1:${webPort}`,
    syncTarget: `http://127.0.0.1:${config.syncPort}`,
    trustedProxyHops: config.trustedProxyHops,
    log: (_level, line) => say('public', line),
  }).catch((error) => {
    throw new Error(`the public port ${config.host}:${config.webPort} (HOST, TANDEM_WEB_PORT) cannot be opened: ${error.message}`);
  });
  const local = config.host === '0.0.0.0' || config.host === '::' || isLoopback(config.host);
  const openUrl = local ? `http://localhost:${config.webPort}` : address.publicUrl;
  const ready = new Set();
  const code = await runTogether(
    [
      {
        name: 'sync',
        command: process.execPath,
        args: [
          resolve(repoRoot, 'apps/sync-server/dist/cli.js'),
          ...['--host', '127.0.0.1', '--port', String(config.syncPort), '--data-dir', config.dataDir],
        ],
        cwd: repoRoot,
        env: { ...auth.syncEnv, ALLOWED_ORIGINS: address.allowedOrigins, TRUSTED_PROXY_HOPS: String(config.trustedProxyHops + 1) },
      },
      webProcess(config, auth, address, webPort, mode),
    ],
    {
      onLine: (from, line) => {
        if ((from === 'sync' && line.includes('"msg":"listening"')) || (from === 'web' && /Ready in/.test(line))) ready.add(from);
        if (ready.size !== 2 || ready.has('announced')) return;
        ready.add('announced');
        say('tandem', `${name} is running. Open ${openUrl} (data in ${config.dataDir}). Ctrl-C stops it.`);
        for (const reach of reachLines(config, address)) say('tandem', reach);
      },
    },
  );
  await gateway.close();
  return code;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    const config = readConfig();
    build(['@tandem/sync-server...', '@tandem/editor...']);
    process.exit(await runProduct(config, { mode: 'start', name: 'Tandem' }));
  } catch (error) {
    say('tandem', `cannot start: ${error.message}`);
    process.exit(1);
  }
}
