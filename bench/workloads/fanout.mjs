import { connectMany } from '../clients/connectMany.mjs';
import { reconnectsOf } from '../clients/reconnectsOf.mjs';
import { seededRandom } from '../control/seededRandom.mjs';
import { sleep } from '../control/sleep.mjs';
import { waitFor } from '../control/waitFor.mjs';
import { createDeliveryTracker } from '../metrics/deliveryTracker.mjs';
import { percentiles } from '../metrics/percentiles.mjs';
import { procCpuSeconds } from '../metrics/procStat.mjs';
import { procMemory } from '../metrics/procStatus.mjs';

/**
 * Fan-out: `docs` documents with `clientsPerDoc` clients each; every client types one
 * character at a seeded random position `editsPerSecond` times a second (phases staggered).
 * After a warm-up, the measured window counts every delivery of a window edit to the other
 * clients of its doc and the server's CPU seconds (utime+stime from /proc) over the window
 * plus the drain of its last deliveries.
 * @type {import('./workloadDef.mjs').Workload}
 */
export const fanout = {
  id: 'fanout',
  title: 'Fan-out',
  description: 'docs x clients typing at a fixed rate: edit-to-peer latency and server CPU per 1,000 deliveries',
  skip: () => null,
  columns: [
    { key: 'cpuPer1kDeliveries', label: 'CPU s / 1k deliveries', unit: 's', better: 'lower' },
    { key: 'latencyP50Ms', label: 'p50 latency', unit: 'ms', better: 'lower' },
    { key: 'latencyP99Ms', label: 'p99 latency', unit: 'ms', better: 'lower' },
    { key: 'latencyMaxMs', label: 'max latency', unit: 'ms', better: 'lower' },
    { key: 'deliveries', label: 'deliveries', unit: 'count', better: null },
    { key: 'missing', label: 'missing', unit: 'count', better: 'lower' },
    { key: 'peakRss', label: 'peak RSS', unit: 'bytes', better: 'lower' },
  ],
  chart: ['cpuPer1kDeliveries', 'latencyP99Ms', 'peakRss'],
  async run({ server, sizes, start, clients, log }) {
    const { docs, clientsPerDoc, editsPerSecond, warmupS, durationS } = sizes;
    const running = await start();
    const names = [];
    for (let d = 0; d < docs; d++) for (let c = 0; c < clientsPerDoc; c++) names.push(`fanout-${d}`);
    const connected = await connectMany(server, running.port, names, { concurrency: 20, timeoutMs: 30_000, into: clients });
    const tracker = createDeliveryTracker();
    for (const { client } of connected) tracker.watch(client.doc);

    const random = seededRandom(42);
    const periodMs = 1000 / editsPerSecond;
    const t0 = performance.now();
    const schedule = connected.map(({ client }) => ({ client, due: t0 + random() * periodMs }));
    let recording = false;
    let sentInWindow = 0;
    const tick = () => {
      const now = performance.now();
      for (const entry of schedule) {
        while (entry.due <= now) {
          entry.due += periodMs;
          const { text, doc } = entry.client;
          const position = Math.floor(random() * (text.length + 1));
          tracker.edit(doc, () => text.insert(position, 'x'), recording);
          if (recording) sentInWindow += 1;
        }
      }
    };
    const timer = setInterval(tick, 5);
    try {
      log(`warm-up ${warmupS} s`);
      await sleep(warmupS * 1000);
      const cpuBefore = procCpuSeconds(running.pid);
      recording = true;
      log(`measuring ${durationS} s`);
      await sleep(durationS * 1000);
      recording = false;
      clearInterval(timer);
      const expected = sentInWindow * (clientsPerDoc - 1);
      await waitFor(() => tracker.deliveries >= expected, {
        timeoutMs: 10_000,
        message: `${expected} deliveries`,
      }).catch(() => undefined); // missing deliveries are reported, not fatal
      const cpu = procCpuSeconds(running.pid) - cpuBefore;
      const latency = percentiles(tracker.latencies);
      return {
        edits: sentInWindow,
        deliveries: tracker.deliveries,
        missing: Math.max(0, expected - tracker.deliveries),
        serverCpuS: cpu,
        cpuPer1kDeliveries: tracker.deliveries > 0 ? cpu / (tracker.deliveries / 1000) : null,
        latencyP50Ms: latency.p50 ?? null,
        latencyP99Ms: latency.p99 ?? null,
        latencyMaxMs: latency.max,
        peakRss: procMemory(running.pid).peakRss,
        reconnects: reconnectsOf(clients),
      };
    } finally {
      clearInterval(timer);
    }
  },
};
