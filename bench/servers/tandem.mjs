import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDeployment } from './deployment.mjs';
import { parsePortLine } from './parsePortLine.mjs';
import { spawnServer } from './spawnServer.mjs';

/** The repository root (bench/ sits directly inside it). */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
/**
 * The Tandem build under test: this checkout, or `BENCH_TANDEM_ROOT`, a built copy of a commit (on a
 * checkout that others build and edit while a long run goes on, the run then measures one build).
 */
export const tandemRoot = process.env.BENCH_TANDEM_ROOT ? resolve(process.env.BENCH_TANDEM_ROOT) : repoRoot;
/** Tandem's built CLI, `node apps/sync-server/dist/cli.js --port <p> --data-dir <dir>`. */
export const tandemCli = join(tandemRoot, 'apps/sync-server/dist/cli.js');

/**
 * Which Tandem was measured: `git describe --always --dirty` of its checkout, or the commit a built
 * copy names in its `.tandem-revision` file; null when neither says.
 * @returns {string | null}
 */
export function tandemRevision() {
  const file = join(tandemRoot, '.tandem-revision');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  try {
    return execFileSync('git', ['-C', tandemRoot, 'describe', '--always', '--dirty'], { encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
}

/**
 * Tandem's per-IP and per-connection abuse limits, raised for the benchmark: the load generator
 * is ONE address standing in for a thousand users (the idle-docs workload opens 1,000
 * connections from it) and the trace writer is one connection sending ~20k updates/s. The
 * peers have no such limits. Everything else keeps the product's defaults.
 */
export const tandemBenchEnv = Object.freeze({
  MAX_CONNECTIONS_PER_IP: '100000',
  MAX_HTTP_SOCKETS_PER_IP: '100000',
  MAX_CONNECTIONS_PER_DOC: '100000',
  MAX_MESSAGES_PER_SECOND: '1000000',
  MESSAGE_BURST: '1000000',
  MAX_BYTES_PER_SECOND: String(1024 * 1024 * 1024),
  BYTE_BURST: String(1024 * 1024 * 1024),
});

/**
 * One Tandem CLI process with the product's defaults on loopback, port 0 (the "listening" JSON log
 * line carries the port), `env` on top of the bench's raised abuse limits.
 * @param {{ dataDir: string, nodeArgs?: string[], env?: Record<string, string>, args?: string[], name?: string }} options
 */
export function spawnTandem({ dataDir, nodeArgs, env = {}, args = [], name = 'tandem' }) {
  if (!existsSync(tandemCli)) throw new Error(`Tandem is not built: ${tandemCli} is missing`);
  return spawnServer({
    name,
    args: [tandemCli, '--host', '127.0.0.1', '--port', '0', '--data-dir', dataDir, ...args],
    nodeArgs,
    cwd: tandemRoot,
    env: { ...tandemBenchEnv, ...env },
    dataDir,
    parseReady: parsePortLine,
  });
}

/** @type {import('./serverDef.mjs').ServerDef} */
export const tandem = {
  id: 'tandem',
  label: 'Tandem, LevelDB',
  persistent: true,
  hasDoc: true,
  durableAck: true,
  client: 'y-websocket',
  nodes: 1,
  services: [],
  start: ({ dataDir, nodeArgs }) => startDeployment({ dataDir, count: 1, startNode: () => spawnTandem({ dataDir, nodeArgs }) }),
};
