import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { withTimeout } from './control/withTimeout.mjs';
import { buildTable } from './report/buildTable.mjs';
import { drawChart } from './report/drawChart.mjs';
import { printTable } from './report/printTable.mjs';
import { renderMarkdown } from './report/renderMarkdown.mjs';
import { allServers } from './servers/allServers.mjs';
import { allWorkloads } from './workloads/allWorkloads.mjs';

/**
 * Runs one workload against one server: fresh data dirs, every server and client it made
 * torn down afterwards whatever happened.
 * @param {import('./workloads/workloadDef.mjs').Workload} workload
 * @param {import('./servers/serverDef.mjs').ServerDef} server
 * @param {import('./benchConfig.mjs').BenchConfig} config
 */
async function runOne(workload, server, config) {
  /** @type {import('./servers/spawnServer.mjs').RunningServer[]} */
  const started = [];
  /** @type {string[]} */
  const dataDirs = [];
  /** @type {import('./clients/benchClient.mjs').BenchClient[]} */
  const clients = [];
  const tag = `[${workload.id} / ${server.id}]`;
  const nodeArgs = config.cpuProf
    ? [
        '--cpu-prof',
        `--cpu-prof-dir=${join(config.outDir, 'profiles', `${workload.id}-${server.id}`)}`,
        '--import',
        fileURLToPath(new URL('./servers/exitOnSigterm.mjs', import.meta.url)),
      ]
    : [];
  /** @type {import('./workloads/workloadDef.mjs').WorkloadContext} */
  const context = {
    server,
    sizes: config.sizes[workload.id],
    clients,
    log: (message) => console.log(`${tag} ${message}`),
    start: async (dataDir) => {
      let dir = dataDir;
      if (!dir) {
        dir = mkdtempSync(join(config.tmpDir, `tandem-bench-${server.id}-`));
        dataDirs.push(dir);
      }
      const running = await server.start({ dataDir: dir, nodeArgs });
      started.push(running);
      return running;
    },
  };
  const began = performance.now();
  try {
    const metrics = await withTimeout(workload.run(context), config.runTimeoutS * 1000, `${tag} run`);
    // The machine may be shared: keep the 1-minute load average next to every result.
    return { ...metrics, hostLoad1m: loadavg()[0] };
  } finally {
    for (const client of clients) client.destroy();
    // With --cpu-prof, SIGTERM lets each server exit normally and write its profile.
    await Promise.all(started.map((running) => (config.cpuProf ? running.stop() : running.kill9())));
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
    console.log(`${tag} done in ${((performance.now() - began) / 1000).toFixed(1)} s`);
  }
}

/**
 * Runs the selected workloads against the selected servers, prints a table per workload and
 * writes latest.json, latest.md and one SVG chart per workload to `config.outDir`.
 * @param {import('./benchConfig.mjs').BenchConfig} config
 * @returns {Promise<{ failures: number }>}
 */
export async function runBench(config) {
  // Every y-websocket provider adds a process 'exit' listener; hundreds of clients are expected here.
  process.setMaxListeners(0);
  const servers = allServers.filter((server) => config.servers.length === 0 || config.servers.includes(server.id));
  const workloads = allWorkloads.filter((workload) => config.only.length === 0 || config.only.includes(workload.id));
  const referenceId = config.reference ?? servers[0]?.id ?? null;
  const cpuList = cpus();
  const machine = {
    cpus: cpuList.length,
    cpuModel: cpuList[0]?.model ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
  };
  const generatedAt = new Date().toISOString();
  /** @type {Record<string, Record<string, any>>} */
  const results = {};
  let failures = 0;
  for (const workload of workloads) {
    /** @type {Record<string, any>} */
    const byServer = {};
    results[workload.id] = byServer;
    for (const server of servers) {
      const skip = workload.skip(server);
      if (skip) {
        byServer[server.id] = { skipped: skip };
        continue;
      }
      try {
        byServer[server.id] = await runOne(workload, server, config);
      } catch (error) {
        failures += 1;
        const message = error instanceof Error ? error.message : String(error);
        console.error(`[${workload.id} / ${server.id}] FAILED: ${message}`);
        byServer[server.id] = { error: message.split('\n')[0] };
      }
    }
    printTable(workload.title, buildTable(workload, servers, byServer, referenceId));
  }

  mkdirSync(config.outDir, { recursive: true });
  const report = { generatedAt, quick: config.quick, machine, referenceId, workloads, servers, sizes: config.sizes, results };
  const json = {
    generatedAt,
    quick: config.quick,
    machine,
    reference: referenceId,
    servers: servers.map(({ id, label, persistent, durableAck }) => ({ id, label, persistent, durableAck })),
    workloads: Object.fromEntries(
      workloads.map((workload) => [
        workload.id,
        { title: workload.title, sizes: config.sizes[workload.id], columns: workload.columns, results: results[workload.id] },
      ]),
    ),
  };
  writeFileSync(join(config.outDir, 'latest.json'), `${JSON.stringify(json, null, 2)}\n`);
  writeFileSync(join(config.outDir, 'latest.md'), renderMarkdown(report));
  const subtitle = `${config.quick ? 'quick smoke sizes · ' : ''}${machine.cpus} cores · Node ${machine.node} · ${generatedAt.slice(0, 10)}`;
  for (const workload of workloads) {
    writeFileSync(join(config.outDir, `${workload.id}.svg`), drawChart(workload, servers, results[workload.id] ?? {}, subtitle));
  }
  console.log(`\nwrote ${join(config.outDir, 'latest.json')}, latest.md and ${workloads.length} SVG charts`);
  return { failures };
}
