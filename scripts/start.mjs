#!/usr/bin/env node
// `npm start`: build what the product needs, then run the sync server (LevelDB in ./data, port 1234)
// and the editor (`next start`, port 3000) side by side with prefixed output. Ctrl-C or SIGTERM
// stops both; if either one dies, the other is stopped too and this exits non-zero.
//
// Settings (environment, validated at start):
//   TANDEM_SYNC_PORT      port of the sync server             (default 1234)
//   TANDEM_WEB_PORT       port of the editor                  (default 3000)
//   TANDEM_DATA_DIR       LevelDB directory                   (default ./data)
//   NEXT_PUBLIC_SYNC_URL  sync URL the browser connects to    (default ws://localhost:<TANDEM_SYNC_PORT>)
//   AUTH_SECRET           token secret shared by both          (default: <TANDEM_DATA_DIR>/.auth-secret,
//                                                              generated on the first run)
//   TANDEM_OPEN_MODE=1    no auth at all: every document open to everyone on this machine
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const repoRoot = fileURLToPath(new URL('..', import.meta.url));

export const defaults = Object.freeze({ syncPort: 1234, webPort: 3000, dataDir: './data' });

/** The start configuration from the environment; a bad value throws an error naming its variable. */
export function readConfig(env = process.env) {
  const port = (key, fallback) => {
    const raw = env[key];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 1 || value > 65535) throw new Error(`${key} must be a port number 1-65535, got ${JSON.stringify(raw)}`);
    return value;
  };
  const syncPort = port('TANDEM_SYNC_PORT', defaults.syncPort);
  const webPort = port('TANDEM_WEB_PORT', defaults.webPort);
  if (syncPort === webPort) throw new Error(`TANDEM_SYNC_PORT and TANDEM_WEB_PORT must differ (both ${syncPort})`);
  const dataDir = resolve(repoRoot, env.TANDEM_DATA_DIR || defaults.dataDir);
  const syncUrl = env.NEXT_PUBLIC_SYNC_URL || `ws://localhost:${syncPort}`;
  if (!/^wss?:\/\/[^/]+/.test(syncUrl)) throw new Error(`NEXT_PUBLIC_SYNC_URL must be a ws:// or wss:// URL, got ${JSON.stringify(syncUrl)}`);
  const openMode = env.TANDEM_OPEN_MODE === '1' || env.TANDEM_OPEN_MODE === 'true';
  if (!openMode && env.AUTH_SECRET !== undefined && Buffer.byteLength(env.AUTH_SECRET) < 32) {
    throw new Error('AUTH_SECRET must be at least 32 bytes (e.g. `openssl rand -base64 48`); unset it to use the generated one');
  }
  return { syncPort, webPort, dataDir, syncUrl, openMode, authSecretFile: join(dataDir, '.auth-secret') };
}

/**
 * The secret the editor signs tokens with and the sync server verifies them with: AUTH_SECRET if
 * set, else the one kept in the data directory, generated (48 random bytes, file mode 0600) on the
 * first run. Null in open mode. Deleting the file revokes every share link and token.
 */
export function ensureAuthSecret(config, env = process.env) {
  if (config.openMode) return null;
  if (env.AUTH_SECRET !== undefined) return { secret: env.AUTH_SECRET, source: 'AUTH_SECRET' };
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
  return {
    syncEnv: { AUTH_SECRET: auth.secret, AUTH_REQUIRED: 'true' },
    webEnv: { AUTH_SECRET: auth.secret },
    line: `auth on: share links and 10-minute tokens signed with the secret from ${auth.source}. Delete that file to revoke every link; TANDEM_OPEN_MODE=1 turns auth off.`,
  };
}

const colors = { sync: '\x1b[36m', web: '\x1b[35m', build: '\x1b[33m', tsc: '\x1b[34m', css: '\x1b[32m', tandem: '\x1b[1m' };
const reset = '\x1b[0m';
const useColor = process.stdout.isTTY === true;

export function say(name, line) {
  const label = `[${name}]`.padEnd(9);
  process.stdout.write(`${useColor ? `${colors[name] ?? ''}${label}${reset}` : label} ${line}\n`);
}

const levels = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };
const quietKeys = new Set(['level', 'time', 'msg', 'service', 'pid', 'hostname', 'config']);

/** A pino JSON line as `info  listening port=1234 url=…`; anything else unchanged. */
function formatLogLine(line) {
  if (!line.startsWith('{')) return line;
  try {
    const entry = JSON.parse(line);
    const extra = Object.entries(entry)
      .filter(([key]) => !quietKeys.has(key))
      .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
      .join(' ');
    return `${(levels[entry.level] ?? entry.level ?? '').toString().padEnd(5)} ${entry.msg ?? ''}${extra ? ` ${extra}` : ''}`;
  } catch {
    return line;
  }
}

/**
 * Runs named child processes with prefixed output. Each child gets its own process group, so
 * Ctrl-C reaches only this script, which then stops every child (SIGTERM, SIGKILL after 10 s).
 * Resolves with the exit code this script should use.
 */
export function runTogether(processes, { onLine } = {}) {
  const children = new Map();
  let stopping = false;
  let exitCode = 0;

  return new Promise((resolveExit) => {
    const stopAll = (reason, code) => {
      if (stopping) return;
      stopping = true;
      exitCode = code;
      say('tandem', reason);
      for (const [name, child] of children) {
        if (child.exitCode !== null || child.signalCode !== null) continue;
        try {
          process.kill(-child.pid, 'SIGTERM');
        } catch (error) {
          if (error.code !== 'ESRCH') say('tandem', `could not stop ${name}: ${error.message}`);
        }
        const timer = setTimeout(() => {
          say('tandem', `${name} did not stop within 10 s, killing it`);
          try {
            process.kill(-child.pid, 'SIGKILL');
          } catch {}
        }, 10_000);
        timer.unref();
      }
      maybeDone();
    };
    const maybeDone = () => {
      if (stopping && [...children.values()].every((c) => c.exitCode !== null || c.signalCode !== null)) resolveExit(exitCode);
    };

    for (const { name, command, args, cwd, env } of processes) {
      const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
      children.set(name, child);
      for (const stream of [child.stdout, child.stderr]) {
        let partial = '';
        stream.on('data', (chunk) => {
          const lines = (partial + chunk.toString()).split('\n');
          partial = lines.pop() ?? '';
          for (const line of lines) {
            say(name, formatLogLine(line));
            onLine?.(name, line);
          }
        });
        stream.on('end', () => {
          if (partial) say(name, formatLogLine(partial));
        });
      }
      child.on('error', (error) => stopAll(`${name} could not be started: ${error.message}`, 1));
      child.on('exit', (code, signal) => {
        if (!stopping) stopAll(`${name} exited unexpectedly (${signal ?? `code ${code}`}); stopping the rest`, code || 1);
        maybeDone();
      });
    }

    const onSignal = (signal) => stopAll(`${signal} received, stopping…`, 0);
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    // Last resort if this script itself exits first: do not leave the children running.
    process.once('exit', () => {
      for (const child of children.values()) {
        try {
          if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid, 'SIGKILL');
        } catch {}
      }
    });
  });
}

/** Runs turbo's build for the given filters, streaming its output; throws when it fails. */
export function build(filters) {
  say('build', `turbo run build ${filters.map((f) => `--filter=${f}`).join(' ')}`);
  const result = spawnSync(
    process.execPath,
    [resolve(repoRoot, 'node_modules/turbo/bin/turbo'), 'run', 'build', ...filters.map((f) => `--filter=${f}`), '--output-logs=errors-only'],
    { cwd: repoRoot, stdio: 'inherit', env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } },
  );
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`the build failed (exit ${result.status})`);
}

async function main() {
  const config = readConfig();
  build(['@tandem/sync-server...', '@tandem/editor...']);
  const auth = authSetup(config);
  say('tandem', auth.line);
  let announced = { sync: false, web: false };
  const announce = (name) => {
    announced = { ...announced, [name]: true };
    if (announced.sync && announced.web) {
      say('tandem', `Tandem is running. Open http://localhost:${config.webPort} (sync server ${config.syncUrl}, data in ${config.dataDir}). Ctrl-C stops it.`);
    }
  };
  const code = await runTogether(
    [
      {
        name: 'sync',
        command: process.execPath,
        args: [resolve(repoRoot, 'apps/sync-server/dist/cli.js'), '--port', String(config.syncPort), '--data-dir', config.dataDir],
        cwd: repoRoot,
        env: auth.syncEnv,
      },
      {
        name: 'web',
        command: process.execPath,
        args: [resolve(repoRoot, 'node_modules/next/dist/bin/next'), 'start', '-p', String(config.webPort)],
        cwd: resolve(repoRoot, 'apps/editor'),
        env: { NEXT_PUBLIC_SYNC_URL: config.syncUrl, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production', ...auth.webEnv },
      },
    ],
    {
      onLine: (name, line) => {
        if (name === 'sync' && line.includes('"msg":"listening"')) announce('sync');
        if (name === 'web' && /Ready in/.test(line)) announce('web');
      },
    },
  );
  process.exit(code);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error) => {
    say('tandem', `cannot start: ${error.message}`);
    process.exit(1);
  });
}
