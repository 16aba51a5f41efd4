import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { withTimeout } from './control/withTimeout.mjs';
import { startRunServices } from './services/runServices.mjs';

/**
 * Runs one workload against one server: fresh data dirs (and, for servers on PostgreSQL or Redis, a
 * fresh database and a redis-server of the run's own), every server, client and service it made torn
 * down afterwards whatever happened.
 * @param {import('./workloads/workloadDef.mjs').Workload} workload
 * @param {import('./servers/serverDef.mjs').ServerDef} server
 * @param {import('./benchConfig.mjs').BenchConfig} config
 */
export async function runOne(workload, server, config) {
  /** @type {import('./servers/deployment.mjs').Deployment[]} */
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
  const services = await startRunServices(server.services, config.tmpDir);
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
      const running = await server.start({ dataDir: dir, nodeArgs, services });
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
    await services.close().catch((error) => console.error(`${tag} could not clean up its services: ${error.message}`));
    console.log(`${tag} done in ${((performance.now() - began) / 1000).toFixed(1)} s`);
  }
}
