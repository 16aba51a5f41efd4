import { Worker } from 'node:worker_threads';
import { withTimeout } from '../control/withTimeout.mjs';

const workerMain = new URL('./joinWorkerMain.mjs', import.meta.url);

/**
 * Makes `joiners` clients join `docName` at once, spread over `threads` worker threads of the
 * load generator (joiner j connects to `ports[j mod ports.length]`: spread over a cluster's nodes),
 * and times each from its creation until its text holds `expectedLength` characters. Each thread first loads the client libraries and reports ready; all get the
 * signal together, and `onGo` runs just before it (to read the server's CPU).
 * Threads, because the joiners' own decoding of the doc, not the server, bounds a storm on one
 * thread: 100 joiners each decode the whole doc, and one thread does that one joiner at a time.
 * @param {import('../servers/serverDef.mjs').ServerDef} server
 * @param {{ ports: readonly number[], docName: string, joiners: number, threads: number, expectedLength: number,
 *   timeoutMs: number, onGo?: () => void }} options
 * @returns {Promise<{ arrivals: (number | null)[], reconnects: number }>} arrivals in ms, null for a joiner
 *   without the full text at the deadline
 */
export async function joinInThreads(server, { ports, docName, joiners, threads, expectedLength, timeoutMs, onGo }) {
  const counts = Array.from({ length: threads }, (_, i) => Math.floor(joiners / threads) + (i < joiners % threads ? 1 : 0));
  const firsts = counts.map((_, i) => counts.slice(0, i).reduce((sum, count) => sum + count, 0));
  const workers = counts
    .map((count, i) => ({ count, first: /** @type {number} */ (firsts[i]) }))
    .filter(({ count }) => count > 0)
    .map(
      ({ count, first }) =>
        new Worker(workerMain, {
          workerData: {
            server: { client: server.client, durableAck: server.durableAck },
            ports,
            first,
            docName,
            count,
            expectedLength,
            timeoutMs,
          },
        }),
    );
  try {
    const outcomes = workers.map(
      (worker) =>
        new Promise((resolve, reject) => {
          worker.on('error', reject);
          worker.on('exit', (code) => reject(new Error(`a join-storm thread exited (code ${code}) before reporting`)));
          worker.on('message', (message) => {
            if (message !== 'ready') resolve(message);
          });
        }),
    );
    // Awaited below; until then a thread that fails (even before it is ready) must not be an
    // unhandled rejection, which would end the harness.
    for (const outcome of outcomes) outcome.catch(() => {});
    const ready = Promise.all(workers.map((worker) => new Promise((resolve) => worker.once('message', resolve))));
    // A failure of any thread ends the wait for readiness too.
    const failed = Promise.all(outcomes).then(() => new Promise(() => {}));
    await withTimeout(Promise.race([ready, failed]), 30_000, 'the join-storm threads to load');
    onGo?.();
    for (const worker of workers) worker.postMessage('go');
    const reports = /** @type {{ arrivals: (number | null)[], reconnects: number }[]} */ (
      await withTimeout(Promise.all(outcomes), timeoutMs + 30_000, 'the join-storm threads to report')
    );
    return {
      arrivals: reports.flatMap((report) => report.arrivals),
      reconnects: reports.reduce((sum, report) => sum + report.reconnects, 0),
    };
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}
