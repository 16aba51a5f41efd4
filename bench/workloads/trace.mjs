import { localOrigin } from '../clients/benchClient.mjs';
import { connectClient } from '../clients/connectClient.mjs';
import { reconnectsOf } from '../clients/reconnectsOf.mjs';
import { waitFor } from '../control/waitFor.mjs';
import { withTimeout } from '../control/withTimeout.mjs';
import { watchWriteActivity } from '../metrics/watchWriteActivity.mjs';
import { loadTrace, tracePath } from '../trace/loadTrace.mjs';
import { replayTrace } from '../trace/replayTrace.mjs';

/**
 * The automerge-paper editing trace, replayed edit by edit as separate updates by a writer
 * client while a reader client on the same doc waits for the exact final text.
 * Pending-write drain: for Tandem, from the last relayed edit to the durable ack covering
 * every update the writer sent; for the others (which give no durability signal), to the
 * last growth of the server's storage writes (/proc/<pid>/io write_bytes), observed until no
 * write has happened for `quietMs` (longer than Hocuspocus's 2 s store debounce). The claim
 * is then checked: the server is killed with SIGKILL, restarted on the same data, and a new
 * client must receive the exact final text (cold load = connect until it has it).
 * On a cluster the reader is on another node than the writer, every node is killed and restarted,
 * and the loader connects to the last one. On PostgreSQL, disk used is the size of the server's
 * tables (heap, indexes, TOAST; not the WAL), and storage writes include its database's backends.
 * @type {import('./workloadDef.mjs').Workload}
 */
export const trace = {
  id: 'trace',
  title: 'Editing trace (automerge-paper)',
  description: 'real editing trace replayed edit by edit: throughput, pending-write drain, disk, cold load, exact text',
  skip: (server) => (server.persistent ? null : 'keeps nothing to drain, measure or reload'),
  columns: [
    { key: 'editsPerSecond', label: 'write + relay', unit: 'rate', better: 'higher' },
    { key: 'drainS', label: 'writes pending after last relay', unit: 's', better: 'lower' },
    { key: 'diskBytes', label: 'disk used', unit: 'bytes', better: 'lower' },
    { key: 'coldLoadMs', label: 'cold load after kill -9 + restart', unit: 'ms', better: 'lower' },
    { key: 'finalTextExact', label: 'exact final text after restart', unit: 'bool', better: null },
    { key: 'serverCpuS', label: 'CPU, all processes (replay + drain)', unit: 's', better: 'lower' },
    { key: 'peakRss', label: 'peak RSS', unit: 'bytes', better: 'lower' },
  ],
  chart: ['editsPerSecond', 'drainS', 'diskBytes', 'coldLoadMs'],
  async run({ server, sizes, start, clients, log }) {
    const { limit, window, quietMs, drainCapS, stallMs, loadTimeoutS } = sizes;
    const { startContent, txns, expected } = loadTrace(tracePath(), limit);
    const running = await start();
    const docName = 'trace-automerge-paper';
    const writer = connectClient(server, running.port, docName, { ack: true });
    const reader = connectClient(server, /** @type {number} */ (running.ports[1 % running.ports.length]), docName);
    clients.push(writer, reader);
    await withTimeout(Promise.all([writer.synced, reader.synced]), 30_000, 'writer and reader to sync');
    if (startContent) writer.doc.transact(() => writer.text.insert(0, startContent), localOrigin);

    /** @type {{ count: number, at: number }[]} */
    const ackLog = [];
    writer.acks.listeners.add((count) => ackLog.push({ count, at: performance.now() }));
    const writes = watchWriteActivity(running.writeBytes);
    const cpuBefore = running.cpuSeconds();
    try {
      log(`replaying ${txns.length} edits`);
      const { startedAt, lastRelayAt } = await replayTrace({ writer, reader, txns, expected, window, stallMs });
      const seconds = (lastRelayAt - startedAt) / 1000;
      log(`relayed in ${seconds.toFixed(1)} s, waiting for storage writes to stop`);

      let drainS;
      /** @type {number | null} */
      let ackDrainS = null;
      const lastWriteAt = await writes.untilQuiet(lastRelayAt, quietMs, drainCapS * 1000);
      const ioDrainS = Math.max(0, (lastWriteAt - lastRelayAt) / 1000);
      if (server.durableAck) {
        const total = writer.sent.count;
        await waitFor(() => writer.acks.count >= total, { timeoutMs: drainCapS * 1000, message: `durable ack of ${total} updates` });
        const covered = ackLog.find((entry) => entry.count >= total);
        ackDrainS = Math.max(0, ((covered?.at ?? lastRelayAt) - lastRelayAt) / 1000);
        drainS = ackDrainS;
      } else {
        drainS = ioDrainS;
      }
      const serverCpuS = running.cpuSeconds() - cpuBefore;
      const diskBytes = await running.diskBytes();
      const peakRss = running.peakRss();
      writes.stop();

      const reconnects = reconnectsOf([writer, reader]);
      log('kill -9, restart, cold load');
      await running.kill9();
      writer.destroy();
      reader.destroy();
      const restarted = await start(running.dataDir);
      const loader = connectClient(server, /** @type {number} */ (restarted.ports.at(-1)), docName);
      clients.push(loader);
      const loadedAt = await waitFor(
        () => (loader.text.length === expected.length && loader.text.toString() === expected ? performance.now() : 0),
        {
          timeoutMs: loadTimeoutS * 1000,
          message: 'the restarted server to deliver the exact final text',
          intervalMs: 5,
        },
      ).catch(() => null);
      return {
        edits: txns.length,
        editsPerSecond: txns.length / seconds,
        drainS,
        drainSource: server.durableAck ? 'durable ack' : 'storage writes stopped',
        ioDrainS,
        ackDrainS,
        diskBytes,
        coldLoadMs: loadedAt === null ? null : loadedAt - loader.startedAt,
        finalTextExact: loadedAt !== null,
        loadedTextLength: loader.text.length,
        serverCpuS,
        peakRss,
        reconnects,
      };
    } finally {
      writes.stop();
    }
  },
};
