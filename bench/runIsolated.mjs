import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { untilHostQuiet } from './metrics/untilHostQuiet.mjs';
import { encodeRunSpec } from './runSpec.mjs';

const runOneMain = fileURLToPath(new URL('./runOneMain.mjs', import.meta.url));

/**
 * Runs one workload against one server in a fresh load-generator process (`runOneMain.mjs`),
 * so no run inherits the harness heap, JIT state, timers or sockets of the runs before it: a
 * server measured late in the bench gets the same load generator as the first one.
 * It starts once the machine has been idle for a second (at most `config.quietWaitS` of waiting).
 * Resolves with the run's metrics; rejects with its error (the child prints its own log).
 * @param {import('./workloads/workloadDef.mjs').Workload} workload
 * @param {import('./servers/serverDef.mjs').ServerDef} server
 * @param {import('./benchConfig.mjs').BenchConfig} config
 * @returns {Promise<Record<string, any>>}
 */
export async function runIsolated(workload, server, config) {
  // Starts on a quiet machine: the previous run's processes (or a test suite that just ended) are gone.
  const host = await untilHostQuiet(1000, config.quietWaitS * 1000);
  if (!host.quiet)
    console.warn(
      `[${workload.id} / ${server.id}] the machine is still ${Math.round(host.busyShare * 100)}% busy after ${config.quietWaitS} s; measuring anyway`,
    );
  return new Promise((resolve, reject) => {
    const child = fork(runOneMain, [], {
      stdio: 'inherit',
      env: { ...process.env, BENCH_RUN_SPEC: encodeRunSpec({ workloadId: workload.id, serverId: server.id, config }) },
    });
    /** @type {{ ok: true, metrics: Record<string, any> } | { ok: false, error: string } | null} */
    let reply = null;
    child.on('message', (message) => {
      reply = /** @type {any} */ (message);
    });
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      // Whether it could start on an idle machine is part of the result: on a shared machine it often cannot.
      if (reply?.ok) resolve({ ...reply.metrics, startedQuiet: host.quiet });
      else if (reply) reject(new Error(reply.error));
      else
        reject(new Error(`the load generator of ${workload.id} / ${server.id} exited (code ${code}, signal ${signal}) without a result`));
    });
  });
}
