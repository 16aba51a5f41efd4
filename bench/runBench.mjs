import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { buildTable } from './report/buildTable.mjs';
import { combineRuns } from './report/combineRuns.mjs';
import { drawChart } from './report/drawChart.mjs';
import { printTable } from './report/printTable.mjs';
import { renderMarkdown } from './report/renderMarkdown.mjs';
import { runIsolated } from './runIsolated.mjs';
import { allServers } from './servers/allServers.mjs';
import { tandemRevision } from './servers/tandem.mjs';
import { allWorkloads } from './workloads/allWorkloads.mjs';

/**
 * One run in its own process; a failure becomes `{ error }` (reported in the table, counted).
 * @param {import('./workloads/workloadDef.mjs').Workload} workload
 * @param {import('./servers/serverDef.mjs').ServerDef} server
 * @param {import('./benchConfig.mjs').BenchConfig} config
 */
async function runGuarded(workload, server, config) {
  try {
    return await runIsolated(workload, server, config);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`[${workload.id} / ${server.id}] FAILED: ${message}`);
    return { error: message.split('\n')[0] };
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
  const servers = allServers.filter((server) => config.servers.includes(server.id));
  const workloads = allWorkloads.filter((workload) => config.only.includes(workload.id));
  const referenceId = config.reference ?? servers[0]?.id ?? null;
  const cpuList = cpus();
  const machine = {
    cpus: cpuList.length,
    cpuModel: cpuList[0]?.model ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    tandem: tandemRevision(),
  };
  const generatedAt = new Date().toISOString();
  /** @type {Record<string, Record<string, any>>} */
  const results = {};
  let failures = 0;
  for (const workload of workloads) {
    /** @type {Record<string, any>} */
    const byServer = {};
    results[workload.id] = byServer;
    /** @type {Record<string, Record<string, any>[]>} */
    const runs = {};
    // Repeats go round the servers, so a drift of the machine's speed hits every server alike.
    for (let round = 0; round < config.repeat; round++) {
      for (const server of servers) {
        const skip = workload.skip(server);
        if (skip) {
          byServer[server.id] = { skipped: skip };
          continue;
        }
        if (config.repeat > 1) console.log(`[${workload.id} / ${server.id}] run ${round + 1} of ${config.repeat}`);
        const result = await runGuarded(workload, server, config);
        runs[server.id] = [...(runs[server.id] ?? []), result];
      }
    }
    for (const [serverId, serverRuns] of Object.entries(runs)) {
      const cell = combineRuns(serverRuns, workload.columns);
      if (cell.error !== undefined) failures += 1;
      else failures += cell.failedRuns ?? 0;
      byServer[serverId] = cell;
    }
    printTable(workload.title, buildTable(workload, servers, byServer, referenceId));
  }

  mkdirSync(config.outDir, { recursive: true });
  const report = {
    generatedAt,
    quick: config.quick,
    repeat: config.repeat,
    machine,
    referenceId,
    workloads,
    servers,
    sizes: config.sizes,
    results,
  };
  const json = {
    generatedAt,
    quick: config.quick,
    repeat: config.repeat,
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
  const subtitle = `${config.quick ? 'quick smoke sizes · ' : ''}${config.repeat > 1 ? `median of ${config.repeat} runs · ` : ''}${machine.cpus} cores · Node ${machine.node} · ${generatedAt.slice(0, 10)}`;
  for (const workload of workloads) {
    writeFileSync(join(config.outDir, `${workload.id}.svg`), drawChart(workload, servers, results[workload.id] ?? {}, subtitle));
  }
  console.log(`\nwrote ${join(config.outDir, 'latest.json')}, latest.md and ${workloads.length} SVG charts`);
  return { failures };
}
