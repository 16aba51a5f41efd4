import { connectMany } from '../clients/connectMany.mjs';
import { reconnectsOf } from '../clients/reconnectsOf.mjs';
import { seededRandom } from '../control/seededRandom.mjs';
import { sleep } from '../control/sleep.mjs';
import { waitFor } from '../control/waitFor.mjs';
import { createDeliveryTracker } from '../metrics/deliveryTracker.mjs';
import { percentiles } from '../metrics/percentiles.mjs';
import { cpuSpent } from '../servers/deployment.mjs';

/**
 * Fan-out: `docs` documents with `clientsPerDoc` clients each; every client types one
 * character at a seeded random position `editsPerSecond` times a second (phases staggered).
 * On a cluster, client c of doc d is on node (d + c) mod nodes, so each doc's clients are spread
 * over the nodes and deliveries are both same-node and cross-node.
 * After a warm-up, the measured window counts every delivery of a window edit to the other
 * clients of its doc and the CPU seconds (utime+stime from /proc) over the window plus the drain
 * of its last deliveries, summed over every server process, the run's Redis and the PostgreSQL
 * backends of the run's database.
 * @type {import('./workloadDef.mjs').Workload}
 */
export const fanout = {
  id: 'fanout',
  title: 'Fan-out',
  description:
    'docs x clients typing at a fixed rate, each doc spread over the nodes: edit-to-peer latency (same-node, cross-node) and CPU per 1,000 deliveries of every process involved',
  skip: () => null,
  columns: [
    { key: 'cpuPer1kDeliveries', label: 'CPU s / 1k deliveries', unit: 's', better: 'lower' },
    { key: 'servicesCpuPer1k', label: 'of which Redis + PostgreSQL', unit: 's', better: null },
    { key: 'latencyP50Ms', label: 'p50 latency', unit: 'ms', better: 'lower' },
    { key: 'latencyP99Ms', label: 'p99 latency', unit: 'ms', better: 'lower' },
    { key: 'sameNodeP99Ms', label: 'p99 same-node', unit: 'ms', better: 'lower' },
    { key: 'crossNodeP50Ms', label: 'p50 cross-node', unit: 'ms', better: 'lower' },
    { key: 'crossNodeP99Ms', label: 'p99 cross-node', unit: 'ms', better: 'lower' },
    { key: 'latencyMaxMs', label: 'max latency', unit: 'ms', better: 'lower' },
    { key: 'deliveries', label: 'deliveries', unit: 'count', better: null },
    { key: 'missing', label: 'missing', unit: 'count', better: 'lower' },
    { key: 'peakRss', label: 'peak RSS (all nodes)', unit: 'bytes', better: 'lower' },
  ],
  chart: ['cpuPer1kDeliveries', 'latencyP99Ms', 'crossNodeP99Ms'],
  async run({ server, sizes, start, clients, log }) {
    const { docs, clientsPerDoc, editsPerSecond, warmupS, durationS } = sizes;
    const running = await start();
    const nodes = running.ports.length;
    const names = [];
    /** @type {number[]} */
    const nodeOfClient = [];
    for (let d = 0; d < docs; d++) {
      for (let c = 0; c < clientsPerDoc; c++) {
        names.push(`fanout-${d}`);
        nodeOfClient.push((d + c) % nodes);
      }
    }
    const connected = await connectMany(server, (index) => /** @type {number} */ (running.ports[nodeOfClient[index] ?? 0]), names, {
      concurrency: 20,
      timeoutMs: 30_000,
      into: clients,
    });
    const tracker = createDeliveryTracker();
    connected.forEach(({ client }, index) => {
      tracker.watch(client.doc, nodeOfClient[index]);
    });

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
      const cpuBefore = running.cpu();
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
      const cpu = cpuSpent(cpuBefore, running.cpu());
      const per1k = (/** @type {number | null} */ seconds) =>
        seconds !== null && tracker.deliveries > 0 ? seconds / (tracker.deliveries / 1000) : null;
      const latency = percentiles(tracker.latencies);
      const same = percentiles(tracker.sameNode);
      const cross = percentiles(tracker.crossNode);
      return {
        nodes,
        edits: sentInWindow,
        deliveries: tracker.deliveries,
        sameNodeDeliveries: tracker.sameNode.length,
        crossNodeDeliveries: tracker.crossNode.length,
        missing: Math.max(0, expected - tracker.deliveries),
        serverCpuS: cpu.total,
        nodesCpuS: cpu.nodes,
        redisCpuS: cpu.redis,
        postgresCpuS: cpu.postgres,
        postgresSharedCpuS: cpu.postgresShared,
        cpuPer1kDeliveries: per1k(cpu.total),
        servicesCpuPer1k: server.services.length > 0 ? per1k(cpu.redis + (cpu.postgres ?? 0)) : null,
        latencyP50Ms: latency.p50 ?? null,
        latencyP99Ms: latency.p99 ?? null,
        sameNodeP99Ms: same.count > 0 ? same.p99 : null,
        crossNodeP50Ms: cross.count > 0 ? cross.p50 : null,
        crossNodeP99Ms: cross.count > 0 ? cross.p99 : null,
        latencyMaxMs: latency.max,
        peakRss: running.peakRss(),
        reconnects: reconnectsOf(clients),
      };
    } finally {
      clearInterval(timer);
    }
  },
};
