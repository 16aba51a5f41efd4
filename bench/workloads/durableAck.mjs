import { connectClient } from '../clients/connectClient.mjs';
import { reconnectsOf } from '../clients/reconnectsOf.mjs';
import { waitFor } from '../control/waitFor.mjs';
import { withTimeout } from '../control/withTimeout.mjs';
import { createDeliveryTracker } from '../metrics/deliveryTracker.mjs';
import { percentiles } from '../metrics/percentiles.mjs';

/**
 * Durable acks under a steady rate: one writer appends one character `rate` times a second
 * for `durationS` to one doc, one reader receives them. Every server gets the edit-to-peer
 * latency; servers with durable acks also get send-to-ack latency (the writer's socket times
 * each update-bearing frame; ack N covers the first N of them).
 * @type {import('./workloadDef.mjs').Workload}
 */
export const durableAck = {
  id: 'durable-ack',
  title: 'Durable ack at a steady rate',
  description: 'one doc, updates at a fixed rate: durable-ack latency (Tandem) and edit-to-peer latency (all)',
  skip: () => null,
  columns: [
    { key: 'ackP50Ms', label: 'durable ack p50', unit: 'ms', better: 'lower' },
    { key: 'ackP99Ms', label: 'durable ack p99', unit: 'ms', better: 'lower' },
    { key: 'relayP50Ms', label: 'edit-to-peer p50', unit: 'ms', better: 'lower' },
    { key: 'relayP99Ms', label: 'edit-to-peer p99', unit: 'ms', better: 'lower' },
    { key: 'achievedRate', label: 'updates/s sent', unit: 'rate', better: null },
    { key: 'serverCpuS', label: 'CPU (all processes)', unit: 's', better: 'lower' },
  ],
  chart: ['ackP99Ms', 'relayP99Ms'],
  async run({ server, sizes, start, clients }) {
    const { rate, durationS } = sizes;
    const running = await start();
    const docName = 'durable-ack';
    // On a cluster the reader is on another node than the writer: edit-to-peer is cross-node.
    const writer = connectClient(server, running.port, docName, { ack: true, trackSendTimes: true });
    const reader = connectClient(server, /** @type {number} */ (running.ports[1 % running.ports.length]), docName);
    clients.push(writer, reader);
    await withTimeout(Promise.all([writer.synced, reader.synced]), 30_000, 'writer and reader to sync');
    if (server.durableAck) {
      await waitFor(() => writer.acks.count >= writer.sent.count, { timeoutMs: 10_000, message: 'the handshake ack' });
    }
    const tracker = createDeliveryTracker();
    tracker.watch(reader.doc);
    const firstFrame = writer.sent.count;
    /** @type {number[]} */
    const ackLatencies = [];
    let acked = writer.acks.count;
    writer.acks.listeners.add((count) => {
      // Frame numbers restart on a new socket: only the first one is timed (reconnects are reported).
      if (writer.reconnects() > 0) return;
      const now = performance.now();
      const times = /** @type {number[]} */ (writer.sent.times);
      for (let frame = Math.max(acked, firstFrame); frame < count; frame++) {
        const sentAt = times[frame];
        if (sentAt !== undefined) ackLatencies.push(now - sentAt);
      }
      acked = Math.max(acked, count);
    });

    const cpuBefore = running.cpuSeconds();
    const total = Math.round(rate * durationS);
    const t0 = performance.now();
    let sent = 0;
    const timer = setInterval(() => {
      const due = Math.min(total, Math.floor(((performance.now() - t0) * rate) / 1000));
      for (; sent < due; sent++) tracker.edit(writer.doc, () => writer.text.insert(writer.text.length, 'a'));
      if (sent >= total) clearInterval(timer);
    }, 1);
    try {
      await waitFor(() => sent >= total, { timeoutMs: durationS * 1000 + 10_000, message: 'the last scheduled update' });
      const elapsedS = (performance.now() - t0) / 1000;
      await waitFor(() => tracker.deliveries >= total && (!server.durableAck || acked >= writer.sent.count), {
        timeoutMs: 15_000,
        message: 'every update to be relayed (and acked)',
      });
      const serverCpuS = running.cpuSeconds() - cpuBefore;
      const relay = percentiles(tracker.latencies);
      const ack = percentiles(ackLatencies);
      return {
        updates: total,
        achievedRate: total / elapsedS,
        relayP50Ms: relay.p50 ?? null,
        relayP99Ms: relay.p99 ?? null,
        ackP50Ms: server.durableAck ? (ack.p50 ?? null) : null,
        ackP99Ms: server.durableAck ? (ack.p99 ?? null) : null,
        serverCpuS,
        reconnects: reconnectsOf(clients),
      };
    } finally {
      clearInterval(timer);
    }
  },
};
