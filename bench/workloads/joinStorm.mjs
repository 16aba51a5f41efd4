import { connectClient } from '../clients/connectClient.mjs';
import { joinInThreads } from '../clients/joinInThreads.mjs';
import { reconnectsOf } from '../clients/reconnectsOf.mjs';
import { writeText } from '../clients/writeText.mjs';
import { waitFor } from '../control/waitFor.mjs';
import { withTimeout } from '../control/withTimeout.mjs';
import { percentiles } from '../metrics/percentiles.mjs';
import { untilCpuQuiet } from '../metrics/untilCpuQuiet.mjs';

/**
 * Join storm: a writer builds a doc of `docBytes` of text (in `chunkBytes` updates) and
 * stays connected; a probe client confirms the server holds all of it; then `joiners`
 * clients are created in one go, spread over `threads` load-generator threads (the joiners'
 * own decoding of the doc is the work), and each is timed from its creation until its text
 * has every byte. Peak RSS is the server's VmHWM after the storm (summed over the nodes).
 * On a cluster the writer is on the first node, the probe on the last, and the joiners are spread
 * over all nodes round-robin; CPU includes the run's Redis and its database's PostgreSQL backends.
 * @type {import('./workloadDef.mjs').Workload}
 */
export const joinStorm = {
  id: 'join-storm',
  title: 'Join storm',
  description: 'many clients join one large doc at once: time to synced with the full text, peak RSS',
  skip: (server) => (server.hasDoc ? null : 'keeps no document to join'),
  columns: [
    { key: 'syncP50Ms', label: 'time to synced p50', unit: 'ms', better: 'lower' },
    { key: 'syncP99Ms', label: 'time to synced p99', unit: 'ms', better: 'lower' },
    { key: 'stormCpuS', label: 'CPU for the storm (all processes)', unit: 's', better: 'lower' },
    { key: 'peakRss', label: 'peak RSS', unit: 'bytes', better: 'lower' },
    { key: 'failedJoins', label: 'joins without the full text', unit: 'count', better: 'lower' },
  ],
  chart: ['syncP99Ms', 'peakRss'],
  async run({ server, sizes, start, clients, log }) {
    const { joiners, threads, docBytes, chunkBytes, timeoutS, quietMs } = sizes;
    const running = await start();
    const docName = 'join-storm';
    const writer = connectClient(server, running.port, docName);
    clients.push(writer);
    await withTimeout(writer.synced, 30_000, 'the writer to sync');
    log(`writing ${docBytes} bytes`);
    await writeText(writer, docBytes, chunkBytes, 120_000);
    const probe = connectClient(server, /** @type {number} */ (running.ports.at(-1)), docName);
    clients.push(probe);
    await waitFor(() => probe.text.length === docBytes, { timeoutMs: 120_000, message: 'the probe to receive the whole doc' });
    probe.destroy();
    await untilCpuQuiet(running.cpuSeconds, quietMs, 30_000);

    log(`${joiners} clients join at once, from ${threads} load-generator threads`);
    let cpuBefore = 0;
    const { arrivals, reconnects } = await joinInThreads(server, {
      ports: running.ports,
      docName,
      joiners,
      threads,
      expectedLength: docBytes,
      timeoutMs: timeoutS * 1000,
      onGo: () => {
        cpuBefore = running.cpuSeconds();
      },
    });
    const stormCpuS = running.cpuSeconds() - cpuBefore;
    const done = /** @type {number[]} */ (arrivals.filter((value) => value !== null));
    const sync = percentiles(done);
    return {
      joiners,
      docBytes,
      syncP50Ms: sync.p50 ?? null,
      syncP99Ms: done.length === joiners ? (sync.p99 ?? null) : null,
      syncMaxMs: sync.max,
      stormCpuS,
      peakRss: running.peakRss(),
      failedJoins: joiners - done.length,
      reconnects: reconnectsOf(clients) + reconnects,
    };
  },
};
