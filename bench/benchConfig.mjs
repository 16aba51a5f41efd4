import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const KiB = 1024;
const MiB = 1024 * KiB;

/** Full-size workloads (the numbers). Keys are workload ids. */
export const fullSizes = Object.freeze({
  fanout: { docs: 20, clientsPerDoc: 4, editsPerSecond: 5, warmupS: 3, durationS: 20 },
  'idle-docs': { docs: 1000, docBytes: 10 * KiB, concurrency: 20, quietMs: 1000, settleS: 10 },
  trace: { limit: Number.POSITIVE_INFINITY, window: 10_000, quietMs: 3000, drainCapS: 300, stallMs: 60_000, loadTimeoutS: 180 },
  'join-storm': { joiners: 100, threads: 2, docBytes: 2 * MiB, chunkBytes: 16 * KiB, timeoutS: 120, quietMs: 1000 },
  'durable-ack': { rate: 1000, durationS: 10 },
  'kill-burst': { burstEdits: 5000, trials: 3, window: 500, settleMs: 2000, loadTimeoutS: 60 },
  'node-kill': { trials: 20, writersPerNode: 2, editIntervalMs: 10, beforeKillMs: 1000, afterKillMs: 1000, settleMs: 4000, settleCapS: 30 },
});

/** `--quick`: tiny sizes, a smoke run of every workload against every server in about a minute. */
export const quickSizes = Object.freeze({
  fanout: { docs: 3, clientsPerDoc: 3, editsPerSecond: 5, warmupS: 0.3, durationS: 1 },
  'idle-docs': { docs: 20, docBytes: 2 * KiB, concurrency: 10, quietMs: 300, settleS: 1 },
  trace: { limit: 2000, window: 2000, quietMs: 2500, drainCapS: 30, stallMs: 20_000, loadTimeoutS: 20 },
  'join-storm': { joiners: 10, threads: 2, docBytes: 256 * KiB, chunkBytes: 16 * KiB, timeoutS: 30, quietMs: 200 },
  'durable-ack': { rate: 1000, durationS: 0.5 },
  'kill-burst': { burstEdits: 500, trials: 1, window: 200, settleMs: 500, loadTimeoutS: 20 },
  'node-kill': { trials: 3, writersPerNode: 1, editIntervalMs: 20, beforeKillMs: 300, afterKillMs: 300, settleMs: 4000, settleCapS: 20 },
});

/**
 * Named sets of servers and workloads (`--suite`); `--servers` and `--only` replace them, `--out` and
 * `--reference` override the suite's. `peers` is the side-by-side comparison with the peers, one
 * process each; `cluster` is issue 21's: Tandem on LevelDB, on PostgreSQL and as three nodes, and
 * Hocuspocus 4 on PostgreSQL, alone and as three nodes with its Redis extension.
 */
export const suites = Object.freeze({
  peers: {
    servers: ['tandem', 'y-websocket', 'y-leveldb', 'hocuspocus', 'relay'],
    workloads: ['fanout', 'idle-docs', 'trace', 'join-storm', 'durable-ack', 'kill-burst'],
    reference: 'tandem',
    outDir: 'results',
  },
  cluster: {
    servers: ['tandem', 'tandem-pg', 'tandem-cluster', 'hocuspocus-pg', 'hocuspocus-cluster'],
    workloads: ['fanout', 'trace', 'join-storm', 'durable-ack', 'kill-burst', 'node-kill'],
    reference: 'tandem-pg',
    outDir: 'results/cluster',
  },
});

/**
 * @typedef {Object} BenchConfig
 * @property {keyof typeof suites} suite
 * @property {boolean} quick
 * @property {string[]} only workload ids to run (the suite's when not given)
 * @property {string[]} servers server ids to run (the suite's when not given)
 * @property {string | null} reference server id the ratios are against (default: tandem if run, else the first)
 * @property {string} outDir where latest.json, latest.md and the SVG charts go
 * @property {string} tmpDir parent of the servers' fresh data directories
 * @property {boolean} install run `npm ci --prefix bench` when bench/node_modules is missing
 * @property {boolean} build build Tandem's sync server first
 * @property {Record<string, Record<string, number>>} sizes per workload
 * @property {number} runTimeoutS cap on one workload against one server
 * @property {boolean} cpuProf write a V8 CPU profile of every server process to <outDir>/profiles/
 * @property {number} repeat runs per (workload, server) pair; cells are their medians
 * @property {number} quietWaitS how long a run waits for the machine to be idle before it starts anyway
 */

export const benchDir = fileURLToPath(new URL('.', import.meta.url));

/** @type {Readonly<Omit<BenchConfig, 'sizes'>>} */
export const defaultBenchConfig = Object.freeze({
  suite: /** @type {keyof typeof suites} */ ('peers'),
  quick: false,
  only: [],
  servers: [],
  reference: null,
  outDir: resolve(benchDir, 'results'),
  tmpDir: tmpdir(),
  install: true,
  build: true,
  runTimeoutS: 900,
  cpuProf: false,
  repeat: 1,
  quietWaitS: 30,
});

/** A bad flag or environment variable; `key` names it. */
export class BenchConfigError extends Error {
  /** @param {string} key @param {string} message */
  constructor(key, message) {
    super(`${key}: ${message}`);
    this.name = 'BenchConfigError';
    this.key = key;
  }
}

export const usage = `Usage: npm run bench -- [options]    (or: node bench/run.mjs [options])
  --suite=<peers|cluster>     peers (default): ${suites.peers.servers.join(', ')}; results in results/
                              cluster: ${suites.cluster.servers.join(', ')} on a fresh
                              PostgreSQL database (BENCH_DATABASE_URL) and redis-servers of their own; results in
                              results/cluster/ (env BENCH_SUITE)
  --quick                     tiny sizes, a smoke run (env BENCH_QUICK=1); results go to results/quick/[cluster/]
  --only=<workload,...>       ${Object.keys(fullSizes).join(', ')} (env BENCH_ONLY)
  --servers=<server,...>      any of the suites' servers (env BENCH_SERVERS)
  --reference=<server>        ratios against this server (default: the suite's, tandem or tandem-pg, else the first one run)
  --repeat=<n>                run each (workload, server) n times, 1..9, round-robin over the servers;
                              each cell is the median (losses and failures: the worst) (env BENCH_REPEAT)
  --quiet-wait=<s>            each run waits up to s seconds (default 30) for a second in which the machine is
                              under 10% busy before it starts anyway (env BENCH_QUIET_WAIT_S); on a shared machine
                              a longer wait starts more runs in a quiet spell
  --set=<workload>.<key>=<n>  override one size, e.g. --set=fanout.durationS=30 (repeatable)
  --out=<dir>                 output directory (default bench/results, bench/results/quick with --quick)
  --no-install                do not run npm ci --prefix bench when bench/node_modules is missing
  --no-build                  do not build Tandem's sync server first
  --cpu-prof                  write a CPU profile of each server process to <out>/profiles/<workload>-<server>/
                              (servers are stopped with SIGTERM; a process killed by a workload writes none)
  Env TRACE_PATH overrides the editing trace (default ../shared/traces/automerge-paper.json.gz).`;

/**
 * @param {string} key
 * @param {string} raw
 * @param {readonly string[]} allowed
 */
function list(key, raw, allowed) {
  const items = raw
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  for (const item of items) {
    if (!allowed.includes(item)) throw new BenchConfigError(key, `unknown "${item}" (expected one of ${allowed.join(', ')})`);
  }
  return items;
}

/** @param {string} key @param {string} raw */
function seconds(key, raw) {
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value) || value < 0 || value > 3600) {
    throw new BenchConfigError(key, `expected seconds 0..3600, got "${raw}"`);
  }
  return value;
}

/** @param {string} key @param {string} raw */
function repeatCount(key, raw) {
  const count = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || count < 1 || count > 9) throw new BenchConfigError(key, `expected an integer 1..9, got "${raw}"`);
  return count;
}

/**
 * Builds the config from defaults, then environment, then flags; throws a BenchConfigError
 * naming the first bad key.
 * @param {readonly string[]} argv
 * @param {NodeJS.ProcessEnv} env
 * @param {readonly string[]} serverIds
 * @returns {BenchConfig}
 */
export function parseBenchConfig(argv, env, serverIds) {
  const workloadIds = Object.keys(fullSizes);
  /** @type {Omit<BenchConfig, 'sizes' | 'outDir'> & { outDir: string | null }} */
  const config = { ...defaultBenchConfig, outDir: null, only: [], servers: [] };
  /** @type {string[]} */
  const sets = [];
  if (env.BENCH_QUICK !== undefined) {
    if (!['0', '1', 'true', 'false'].includes(env.BENCH_QUICK)) throw new BenchConfigError('BENCH_QUICK', 'expected 1 or 0');
    config.quick = env.BENCH_QUICK === '1' || env.BENCH_QUICK === 'true';
  }
  if (env.BENCH_REPEAT !== undefined) config.repeat = repeatCount('BENCH_REPEAT', env.BENCH_REPEAT);
  if (env.BENCH_QUIET_WAIT_S !== undefined) config.quietWaitS = seconds('BENCH_QUIET_WAIT_S', env.BENCH_QUIET_WAIT_S);
  if (env.BENCH_SUITE) config.suite = /** @type {keyof typeof suites} */ (list('BENCH_SUITE', env.BENCH_SUITE, Object.keys(suites))[0]);
  if (env.BENCH_ONLY) config.only = list('BENCH_ONLY', env.BENCH_ONLY, workloadIds);
  if (env.BENCH_SERVERS) config.servers = list('BENCH_SERVERS', env.BENCH_SERVERS, serverIds);
  for (const arg of argv) {
    const [flag, value] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (flag === '--quick' && value === undefined) config.quick = true;
    else if (flag === '--no-install' && value === undefined) config.install = false;
    else if (flag === '--no-build' && value === undefined) config.build = false;
    else if (flag === '--cpu-prof' && value === undefined) config.cpuProf = true;
    else if (flag === '--suite' && value)
      config.suite = /** @type {keyof typeof suites} */ (list('--suite', value, Object.keys(suites))[0]);
    else if (flag === '--only' && value) config.only = list('--only', value, workloadIds);
    else if (flag === '--servers' && value) config.servers = list('--servers', value, serverIds);
    else if (flag === '--reference' && value) config.reference = list('--reference', value, serverIds)[0] ?? null;
    else if (flag === '--out' && value) config.outDir = resolve(value);
    else if (flag === '--set' && value) sets.push(value);
    else if (flag === '--repeat' && value) config.repeat = repeatCount('--repeat', value);
    else if (flag === '--quiet-wait' && value) config.quietWaitS = seconds('--quiet-wait', value);
    else throw new BenchConfigError(flag, `unknown option or missing value (${arg})\n${usage}`);
  }
  const base = config.quick ? quickSizes : fullSizes;
  /** @type {Record<string, Record<string, number>>} */
  const sizes = Object.fromEntries(Object.entries(base).map(([id, value]) => [id, { ...value }]));
  for (const assignment of sets) {
    const match = /^([a-z-]+)\.([A-Za-z]+)=(.+)$/.exec(assignment);
    const section = match ? sizes[/** @type {string} */ (match[1])] : undefined;
    if (!match || !section || !(/** @type {string} */ (match[2] in section))) {
      throw new BenchConfigError('--set', `"${assignment}" names no size (expected <workload>.<key>=<number>)`);
    }
    const number = Number(match[3]);
    if (!(number > 0)) throw new BenchConfigError(`--set ${match[1]}.${match[2]}`, `expected a positive number, got "${match[3]}"`);
    section[/** @type {string} */ (match[2])] = number;
  }
  const suite = suites[config.suite];
  const suiteOut = config.quick ? join('results/quick', suite.outDir.replace(/^results\/?/, '')) : suite.outDir;
  const outDir = config.outDir ?? resolve(benchDir, suiteOut);
  if (config.reference && config.servers.length > 0 && !config.servers.includes(config.reference)) {
    throw new BenchConfigError('--reference', `"${config.reference}" is not among --servers`);
  }
  const servers = config.servers.length > 0 ? config.servers : suite.servers.filter((id) => serverIds.includes(id));
  const only = config.only.length > 0 ? config.only : [...suite.workloads];
  const reference = config.reference ?? (servers.includes(suite.reference) ? suite.reference : null);
  return { ...config, servers, only, reference, outDir, sizes, runTimeoutS: config.quick ? 120 : defaultBenchConfig.runTimeoutS };
}
