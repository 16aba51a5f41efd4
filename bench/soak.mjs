#!/usr/bin/env node
// `npm run soak`: a bounded soak of Tandem's sync server (see bench/README.md). It starts the
// built server as a child process on loopback, runs connect -> edit -> disconnect cycles
// over many docs, prints the server's RSS and heap at intervals, checks at the end that
// every doc holds every acknowledged edit, and stops by itself (cycle count and a time cap).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchDir } from './benchConfig.mjs';
import { parseSoakConfig, soakUsage } from './soakConfig.mjs';
import { repoRoot, tandem } from './servers/tandem.mjs';

/**
 * Heap in use from the server's Prometheus `/metrics` (prom-client default metrics), or null
 * when the server has no such endpoint.
 * @param {number} port
 * @returns {Promise<number | null>}
 */
async function heapUsed(port) {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/metrics`);
    if (!response.ok) return null;
    const match = /^nodejs_heap_size_used_bytes(?:\{[^}]*\})?\s+(\d+(?:\.\d+)?)/m.exec(await response.text());
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

/** @param {number} bytes */
const mib = (bytes) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

async function main() {
  const argv = process.argv.slice(2);
  if (argv.includes('--help')) {
    console.log(soakUsage);
    return 0;
  }
  const config = parseSoakConfig(argv);
  // Every y-websocket provider adds a process 'exit' listener; many clients are expected here.
  process.setMaxListeners(0);
  if (!existsSync(join(benchDir, 'node_modules/.package-lock.json'))) {
    spawnSync('npm', ['ci', '--prefix', 'bench'], { cwd: repoRoot, stdio: 'inherit' });
  }
  if (config.build) {
    const build = spawnSync('npx', ['turbo', 'run', 'build', '--filter=@tandem/sync-server...', '--output-logs=errors-only'], {
      cwd: repoRoot,
      stdio: 'inherit',
    });
    if (build.status !== 0) throw new Error('building the sync server failed');
  }
  const { connectClient } = await import('./clients/connectClient.mjs');
  const { localOrigin } = await import('./clients/benchClient.mjs');
  const { mapLimit } = await import('./control/mapLimit.mjs');
  const { waitFor } = await import('./control/waitFor.mjs');
  const { withTimeout } = await import('./control/withTimeout.mjs');
  const { sleep } = await import('./control/sleep.mjs');
  const { procMemory } = await import('./metrics/procStatus.mjs');
  const { procCpuSeconds } = await import('./metrics/procStat.mjs');
  const { untilCpuQuiet } = await import('./metrics/untilCpuQuiet.mjs');

  const dataDir = mkdtempSync(join(tmpdir(), 'tandem-soak-'));
  const server = await tandem.start({ dataDir });
  const deadline = performance.now() + config.capS * 1000;
  /** @type {number[]} acknowledged edits per doc */
  const ackedPerDoc = new Array(config.docs).fill(0);
  const started = performance.now();
  let done = 0;
  let peakHeap = 0;
  const line = async (/** @type {string} */ label) => {
    const { rss, peakRss } = procMemory(server.pid);
    const heap = await heapUsed(server.port);
    if (heap !== null) peakHeap = Math.max(peakHeap, heap);
    const seconds = ((performance.now() - started) / 1000).toFixed(0);
    console.log(
      `${label.padEnd(6)} t=${seconds.padStart(4)} s  cycles ${String(done).padStart(6)}/${config.cycles}  rss ${mib(rss)}  peak ${mib(peakRss)}  heap ${heap === null ? 'n/a (no /metrics)' : mib(heap)}  cpu ${procCpuSeconds(server.pid).toFixed(1)} s`,
    );
    return { rss, heap };
  };
  try {
    const first = await line('start');
    const timer = setInterval(() => void line('soak'), config.reportEveryS * 1000);
    try {
      await mapLimit(
        Array.from({ length: config.cycles }, (_, i) => i),
        config.concurrency,
        async (cycle) => {
          if (performance.now() > deadline) return;
          const docIndex = cycle % config.docs;
          const client = connectClient(tandem, server.port, `soak-${docIndex}`, { ack: true });
          try {
            await withTimeout(client.synced, 30_000, `cycle ${cycle} to sync`);
            for (let edit = 0; edit < config.editsPerCycle; edit++) {
              client.doc.transact(() => client.text.insert(client.text.length, 's'), localOrigin);
            }
            await waitFor(() => client.acks.count >= client.sent.count, { timeoutMs: 30_000, message: `cycle ${cycle} acks` });
            ackedPerDoc[docIndex] = (ackedPerDoc[docIndex] ?? 0) + config.editsPerCycle;
            done += 1;
          } finally {
            client.destroy();
          }
        },
      );
    } finally {
      clearInterval(timer);
    }
    await line('end');
    // With every client gone and the server idle, RSS against the start shows what stayed behind:
    // once just quiet, and again `settleS` later (an idle server is idle for longer than a moment,
    // and its idle memory release runs in that time, as in the bench's idle-docs workload).
    await untilCpuQuiet(() => procCpuSeconds(server.pid), 2000, 30_000);
    await line('quiet');
    await sleep(config.settleS * 1000);
    const end = await line('idle');
    // Every acknowledged edit must be in its doc.
    let missing = 0;
    await mapLimit(ackedPerDoc, config.concurrency, async (expected, docIndex) => {
      const client = connectClient(tandem, server.port, `soak-${docIndex}`);
      try {
        await withTimeout(client.synced, 30_000, `check of soak-${docIndex}`);
        if (client.text.length < expected) missing += expected - client.text.length;
      } finally {
        client.destroy();
      }
    });
    console.log(
      `\n${done} cycles in ${((performance.now() - started) / 1000).toFixed(0)} s; rss ${mib(first.rss)} -> ${mib(end.rss)}` +
        (end.heap !== null && first.heap !== null ? `; heap ${mib(first.heap)} -> ${mib(end.heap)} (peak ${mib(peakHeap)})` : '') +
        `; acknowledged edits missing: ${missing}`,
    );
    if (done < config.cycles) console.log(`stopped at the ${config.capS} s cap before all cycles ran`);
    return missing === 0 ? 0 : 1;
  } finally {
    await server.kill9();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) process.on(signal, () => process.exit(130));
main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
