import { localOrigin } from '../clients/benchClient.mjs';
import { connectClient } from '../clients/connectClient.mjs';
import { reconnectsOf } from '../clients/reconnectsOf.mjs';
import { waitFor } from '../control/waitFor.mjs';
import { withTimeout } from '../control/withTimeout.mjs';

/**
 * kill -9 under a burst of edits, `trials` times on a fresh server each: a writer appends
 * `burstEdits` one-character edits (one update each) as fast as the relay allows (at most
 * `window` ahead of the reader); the moment the reader has received the last one, the
 * server gets SIGKILL. It is restarted on the same data and a new client loads the doc;
 * once the loaded text stops changing for `settleMs`, every relayed edit missing from it is
 * lost. For servers with durable acks, acknowledged edits that are missing are counted too.
 * @type {import('./workloadDef.mjs').Workload}
 */
export const killBurst = {
  id: 'kill-burst',
  title: 'kill -9 under a burst of edits',
  description: 'SIGKILL right after the last edit of a burst was relayed: relayed (and acked) edits lost after restart',
  skip: (server) =>
    !server.persistent ? 'keeps nothing to lose' : server.nodes > 1 ? 'a cluster loses one node at a time: see node-kill' : null,
  columns: [
    { key: 'lostPctMax', label: 'relayed edits lost (worst trial)', unit: 'pct', better: 'lower' },
    { key: 'lostPctMean', label: 'relayed edits lost (mean)', unit: 'pct', better: 'lower' },
    { key: 'ackedLost', label: 'acked edits lost', unit: 'count', better: 'lower' },
    { key: 'burstSeconds', label: 'burst duration', unit: 's', better: null },
  ],
  chart: ['lostPctMax'],
  async run({ server, sizes, start, clients, log }) {
    const { burstEdits, trials, window, settleMs, loadTimeoutS } = sizes;
    /** @type {number[]} */
    const lostPct = [];
    let ackedLost = 0;
    let burstTotalS = 0;
    let reconnects = 0;
    for (let trial = 0; trial < trials; trial++) {
      const running = await start();
      const docName = 'kill-burst';
      const writer = connectClient(server, running.port, docName, { ack: true });
      const reader = connectClient(server, running.port, docName);
      clients.push(writer, reader);
      await withTimeout(Promise.all([writer.synced, reader.synced]), 30_000, 'writer and reader to sync');
      if (server.durableAck) {
        await waitFor(() => writer.acks.count >= writer.sent.count, { timeoutMs: 10_000, message: 'the handshake ack' });
      }
      const framesBefore = writer.sent.count;

      let killed = false;
      /** @type {{ relayed: number, acked: number } | null} */
      let atKill = null;
      const onReaderUpdate = () => {
        if (killed || reader.text.length < burstEdits) return;
        killed = true;
        running.kill9();
        reconnects += reconnectsOf([writer, reader]);
        atKill = { relayed: reader.text.length, acked: Math.max(0, writer.acks.count - framesBefore) };
      };
      reader.doc.on('update', onReaderUpdate);
      const t0 = performance.now();
      for (let sent = 0; sent < burstEdits; ) {
        if (sent - reader.text.length >= window) {
          await waitFor(() => sent - reader.text.length < window || killed, {
            timeoutMs: 30_000,
            message: 'the relay to catch up',
            intervalMs: 1,
          });
          continue;
        }
        const end = Math.min(burstEdits, sent + 50);
        for (; sent < end; sent++) writer.doc.transact(() => writer.text.insert(writer.text.length, 'k'), localOrigin);
        await new Promise((resolve) => setImmediate(resolve));
      }
      await waitFor(() => killed, { timeoutMs: 30_000, message: 'the reader to receive the whole burst' });
      burstTotalS += (performance.now() - t0) / 1000;
      reader.doc.off('update', onReaderUpdate);
      await running.kill9();
      writer.destroy();
      reader.destroy();
      const { relayed, acked } = /** @type {{ relayed: number, acked: number }} */ (/** @type {unknown} */ (atKill));

      const restarted = await start(running.dataDir);
      const loader = connectClient(server, restarted.port, docName);
      clients.push(loader);
      await withTimeout(loader.synced, loadTimeoutS * 1000, 'the loader to sync after restart');
      // y-websocket-server + y-leveldb answers the handshake before its store has loaded:
      // wait until the loaded text has all relayed edits or stops changing.
      let length = loader.text.length;
      let stableSince = performance.now();
      await waitFor(
        () => {
          if (loader.text.length !== length) {
            length = loader.text.length;
            stableSince = performance.now();
          }
          return length >= relayed || performance.now() - stableSince >= settleMs;
        },
        { timeoutMs: loadTimeoutS * 1000, message: 'the loaded text to settle' },
      );
      const survived = Math.min(length, relayed);
      lostPct.push(((relayed - survived) / relayed) * 100);
      ackedLost += Math.max(0, acked - survived);
      log(`trial ${trial + 1}: ${relayed} relayed, ${survived} survived${server.durableAck ? `, ${acked} acked` : ''}`);
      loader.destroy();
      await restarted.stop();
    }
    return {
      trials,
      burstEdits,
      lostPctMax: Math.max(...lostPct),
      lostPctMean: lostPct.reduce((sum, value) => sum + value, 0) / lostPct.length,
      lostPctTrials: lostPct.map((value) => value.toFixed(1)).join(' / '),
      ackedLost: server.durableAck ? ackedLost : null,
      burstSeconds: burstTotalS / trials,
      reconnects,
    };
  },
};
