import { localOrigin } from '../clients/benchClient.mjs';
import { connectMany } from '../clients/connectMany.mjs';
import { reconnectsOf } from '../clients/reconnectsOf.mjs';
import { sleep } from '../control/sleep.mjs';
import { waitFor } from '../control/waitFor.mjs';
import { percentiles } from '../metrics/percentiles.mjs';
import { procMemory } from '../metrics/procStatus.mjs';
import { untilCpuQuiet } from '../metrics/untilCpuQuiet.mjs';

/**
 * Many idle docs. Seed: one client per doc writes `docBytes` of text in one update and
 * disconnects once its socket has flushed. Then, after the server has gone quiet, one
 * client per doc connects (`concurrency` at a time) and is timed from connect to synced
 * with the full text; all stay connected. RSS per doc = (VmRSS with every doc connected - VmRSS
 * of the fresh server) / docs, read twice: once the server is quiet (`rssPerDocQuiet`), and after
 * the docs have stayed idle for `settleS` more (`rssPerDoc`): an idle doc is idle for longer than
 * a second, and every server gets the same time to settle (V8's memory reducer runs in all of
 * them; Tandem's CLI releases memory after 1 s without document traffic, see `memoryReleaseIdleMs`).
 * @type {import('./workloadDef.mjs').Workload}
 */
export const idleDocs = {
  id: 'idle-docs',
  title: 'Idle docs',
  description: 'many docs of a few KB, one connection each: RSS per doc and connect-to-synced',
  skip: (server) => (server.nodes > 1 ? 'one process only (RSS per doc of a single server)' : null),
  columns: [
    { key: 'rssPerDoc', label: 'RSS per doc, idle', unit: 'bytes', better: 'lower' },
    { key: 'rssPerDocQuiet', label: 'RSS per doc, just quiet', unit: 'bytes', better: 'lower' },
    { key: 'syncP50Ms', label: 'connect-to-synced p50', unit: 'ms', better: 'lower' },
    { key: 'syncP99Ms', label: 'connect-to-synced p99', unit: 'ms', better: 'lower' },
    { key: 'incompleteDocs', label: 'docs synced without their text', unit: 'count', better: 'lower' },
    { key: 'peakRss', label: 'peak RSS', unit: 'bytes', better: 'lower' },
  ],
  chart: ['rssPerDoc', 'syncP99Ms'],
  async run({ server, sizes, start, clients, log }) {
    const { docs, docBytes, concurrency, quietMs, settleS } = sizes;
    const running = await start();
    await untilCpuQuiet(running.cpuSeconds, 500, 5000);
    const baseline = procMemory(running.pid).rss;
    const names = Array.from({ length: docs }, (_, i) => `idle-${String(i).padStart(5, '0')}`);
    const content = 'lorem ipsum dolor sit amet '.repeat(Math.ceil(docBytes / 27)).slice(0, docBytes);

    log(`seeding ${docs} docs of ${docBytes} bytes`);
    /** @type {import('../clients/benchClient.mjs').BenchClient[]} */
    const seeders = [];
    for (let i = 0; i < names.length; i += concurrency) {
      const batch = await connectMany(server, running.port, names.slice(i, i + concurrency), {
        concurrency,
        timeoutMs: 30_000,
        into: seeders,
      });
      for (const { client } of batch) client.doc.transact(() => client.text.insert(0, content), localOrigin);
      await waitFor(() => batch.every(({ client }) => client.bufferedAmount() === 0), {
        timeoutMs: 30_000,
        message: 'seed updates to leave the client sockets',
      });
    }
    // Closing while the last frames are in flight would lose them on a relay-only path; the
    // servers have received them once their CPU goes quiet.
    await untilCpuQuiet(running.cpuSeconds, quietMs, 60_000);
    for (const seeder of seeders) seeder.destroy();
    await untilCpuQuiet(running.cpuSeconds, quietMs, 60_000);

    log(`connecting ${docs} clients, ${concurrency} at a time`);
    const connected = await connectMany(server, running.port, names, { concurrency, timeoutMs: 60_000, into: clients });
    // "Synced" must mean "has the text": y-websocket-server + y-leveldb answers before its
    // persistence has loaded, so wait for the text, with the time of arrival.
    /** @type {number[]} */
    const syncMs = [];
    let incomplete = 0;
    await Promise.all(
      connected.map(async ({ client, syncMs: handshakeMs }) => {
        if (client.text.length === docBytes) {
          syncMs.push(handshakeMs);
          return;
        }
        if (!server.hasDoc) {
          incomplete += 1;
          syncMs.push(handshakeMs);
          return;
        }
        const arrived = await waitFor(() => (client.text.length === docBytes ? performance.now() : 0), {
          timeoutMs: 60_000,
          message: 'the text of an idle doc',
        }).catch(() => null);
        if (arrived === null) incomplete += 1;
        else syncMs.push(arrived - client.startedAt);
      }),
    );
    await untilCpuQuiet(running.cpuSeconds, quietMs, 60_000);
    const quiet = procMemory(running.pid);
    log(`quiet: ${(quiet.rss / 2 ** 20).toFixed(1)} MiB; idle for ${settleS} s more`);
    await sleep(settleS * 1000);
    await untilCpuQuiet(running.cpuSeconds, quietMs, 60_000);
    const memory = procMemory(running.pid);
    const sync = percentiles(syncMs);
    return {
      docs,
      docBytes,
      baselineRss: baseline,
      rss: memory.rss,
      rssPerDoc: (memory.rss - baseline) / docs,
      rssQuiet: quiet.rss,
      rssPerDocQuiet: (quiet.rss - baseline) / docs,
      syncP50Ms: sync.p50 ?? null,
      syncP99Ms: sync.p99 ?? null,
      incompleteDocs: incomplete,
      peakRss: memory.peakRss,
      reconnects: reconnectsOf(clients) + reconnectsOf(seeders),
    };
  },
};
