// The load generator of one run, started by runIsolated.mjs: runs one workload against one
// server (spec in BENCH_RUN_SPEC) and sends the metrics or the error to the parent.
import { runOne } from './runOne.mjs';
import { decodeRunSpec } from './runSpec.mjs';
import { allServers } from './servers/allServers.mjs';
import { allWorkloads } from './workloads/allWorkloads.mjs';

const spec = decodeRunSpec(process.env.BENCH_RUN_SPEC ?? 'null');
// Every y-websocket provider adds a process 'exit' listener; hundreds of clients are expected here.
process.setMaxListeners(0);
for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) {
  // exit handlers (servers/spawnServer.mjs) kill every server child
  process.on(signal, () => process.exit(130));
}

/** @param {{ ok: true, metrics: Record<string, any> } | { ok: false, error: string }} reply */
const reply = (reply) =>
  new Promise((resolve) => {
    if (!process.send) throw new Error('runOneMain.mjs runs only as a child of runIsolated.mjs');
    process.send(reply, () => resolve(undefined));
  });

try {
  const workload = allWorkloads.find((candidate) => candidate.id === spec?.workloadId);
  const server = allServers.find((candidate) => candidate.id === spec?.serverId);
  if (!spec || !workload || !server) throw new Error(`bad run spec: ${process.env.BENCH_RUN_SPEC}`);
  await reply({ ok: true, metrics: await runOne(workload, server, spec.config) });
  process.exit(0);
} catch (error) {
  console.error(error);
  await reply({ ok: false, error: error instanceof Error ? error.message : String(error) });
  process.exit(1);
}
