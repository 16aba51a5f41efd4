// Rough numbers for the README: append throughput, cold load, disk bytes, compaction cost.
// Not a test. Run after building: `npx tsc -p tsconfig.build.json && node scripts/measure.mjs [section...]`.
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import { ClassicLevel } from 'classic-level';
import { createRecordingDoc } from '../dist/contract/recordingDoc.js';
import { createLevelStore } from '../dist/index.js';
import { mergeUpdates } from '../dist/level/mergeUpdates.js';

const dirs = [];
async function freshDir() {
  const dir = await mkdtemp(join(tmpdir(), 'tandem-measure-'));
  dirs.push(dir);
  return dir;
}
const diskBytes = (dir) => Number(execFileSync('du', ['-sb', dir]).toString().split('\t')[0]);
const ms = (t0) => `${(performance.now() - t0).toFixed(1)} ms`;
const perSec = (n, t0) => `${Math.round(n / ((performance.now() - t0) / 1000))}/s`;

/** One update per keystroke, like a user typing across 20 paragraphs with some deletes. */
function typingUpdates(count) {
  const source = createRecordingDoc(1);
  for (let i = 0; source.updates.length < count; i += 1) {
    if (i % 10 === 9) source.erase(0, 1, (i - 1) % 20);
    else source.type(String.fromCharCode(97 + (i % 26)), i % 20);
  }
  return source.updates.slice(0, count);
}

async function appendThroughput() {
  const updates = typingUpdates(5000);
  for (const sync of [false, true]) {
    const n = sync ? 1000 : 5000;
    const store = await createLevelStore({ dir: await freshDir(), sync });
    let t0 = performance.now();
    for (let i = 0; i < n; i += 1) await store.append('single', [updates[i]]);
    console.log(`append 1 update per call, sequential, sync=${sync}: ${perSec(n, t0)} (${n} calls)`);
    t0 = performance.now();
    for (let i = 0; i < n; i += 100) await store.append('batched', updates.slice(i, i + 100));
    console.log(`append batches of 100, sync=${sync}: ${perSec(n, t0)} updates (${n / 100} calls)`);
    t0 = performance.now();
    await Promise.all(Array.from({ length: n }, (_, i) => store.append(`doc-${i % 50}`, [updates[i]])));
    console.log(`append 1 update per call, 50 docs in parallel, sync=${sync}: ${perSec(n, t0)}`);
    await store.close();
  }
}

async function coldLoad() {
  const updates = typingUpdates(10_000);
  const raw = updates.reduce((n, u) => n + u.length, 0);
  console.log(`10,000 typing updates: ${raw} raw bytes`);
  for (const [label, options] of [
    ['default compaction', {}],
    ['compaction disabled', { compactAfterUpdates: Number.POSITIVE_INFINITY, compactAfterBytes: Number.POSITIVE_INFINITY }],
  ]) {
    const dir = await freshDir();
    let store = await createLevelStore({ dir, ...options });
    const t0 = performance.now();
    for (const update of updates) await store.append('doc', [update]);
    const appendTime = ms(t0);
    await store.close();
    store = await createLevelStore({ dir, ...options });
    const meta = await store.getMeta('doc');
    const t1 = performance.now();
    const loaded = await store.load('doc');
    const loadTime = ms(t1);
    await store.close();
    const diskAfterClose = diskBytes(dir);
    const raw = new ClassicLevel(dir);
    await raw.compactRange('\u0000', '\uffff');
    await raw.close();
    console.log(
      `${label}: appends ${appendTime}; cold load ${loadTime} (${meta.updateCount} records, ${meta.bytes} stored bytes, merged ${loaded.update.length} bytes); disk ${diskAfterClose} bytes after close, ${diskBytes(dir)} after LevelDB's own compaction`,
    );
  }
}

/** Runs `work` while pinging the event loop with setImmediate; returns the longest gap between pings. */
async function longestStall(work) {
  let last = performance.now();
  let longest = 0;
  let done = false;
  const ping = () => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
    if (!done) setImmediate(ping);
  };
  setImmediate(ping);
  const result = await work();
  done = true;
  await new Promise((resolve) => setImmediate(resolve));
  return { result, longest };
}

async function timeMerge(label, updates) {
  const t0 = performance.now();
  const { result: merged, longest } = await longestStall(() => mergeUpdates(updates));
  const total = ms(t0);
  const t1 = performance.now();
  const doc = new Y.Doc();
  Y.applyUpdate(doc, updates[0]);
  const applyFirst = ms(t1);
  const t2 = performance.now();
  Y.encodeStateAsUpdate(doc);
  console.log(
    `compaction merge of ${label}: ${total} total, longest event-loop stall ${longest.toFixed(1)} ms, ` +
      `result ${merged.update.length} bytes (of which single sync steps: apply first update ${applyFirst}, encode ${ms(t2)})`,
  );
}

/** Stores all but the last update uncompacted; the last append (default options) triggers compaction. */
async function timeCompaction(label, updates) {
  const dir = await freshDir();
  const off = { compactAfterUpdates: Number.POSITIVE_INFINITY, compactAfterBytes: Number.POSITIVE_INFINITY };
  const setup = await createLevelStore({ dir, ...off });
  for (const update of updates.slice(0, -1)) await setup.append('doc', [update]);
  await setup.close();
  const store = await createLevelStore({ dir });
  const t0 = performance.now();
  const { longest } = await longestStall(async () => {
    await store.append('doc', [updates[updates.length - 1]]);
    while ((await store.getMeta('doc')).updateCount > 1) await new Promise((resolve) => setImmediate(resolve));
  });
  const took = ms(t0);
  const meta = await store.getMeta('doc');
  await store.close();
  console.log(
    `online compaction of ${label}: ${took} from the triggering append to the commit, ` +
      `longest event-loop stall ${longest.toFixed(1)} ms, ${meta.bytes} bytes after`,
  );
}

function largeDocUpdates() {
  const big = new Y.Doc();
  const fragment = big.getXmlFragment('default');
  for (let i = 0; i < 4000; i += 1) {
    const paragraph = new Y.XmlElement('paragraph');
    paragraph.insert(0, [new Y.XmlText(`Paragraph ${i}: ${'lorem ipsum dolor sit amet '.repeat(20)}`)]);
    fragment.insert(fragment.length, [paragraph]);
  }
  const base = Y.encodeStateAsUpdate(big);
  const updates = [base];
  big.on('update', (update) => updates.push(update));
  for (let i = 0; i < 499; i += 1)
    fragment
      .get(i * 8)
      .get(0)
      .insert(0, 'k');
  return updates;
}

async function compactionCost() {
  await timeCompaction('warm-up', typingUpdates(500));
  await timeCompaction('500 typing updates', typingUpdates(500));
  const large = largeDocUpdates();
  const mib = (large[0].length / 1024 / 1024).toFixed(1);
  await timeCompaction(`a large doc (${mib} MiB base + 499 updates, merged in the worker)`, large);
  await timeMerge(`the same large doc on the main thread (mergeUpdates, for comparison)`, large);
}

async function strategies() {
  for (const n of [500, 10_000]) {
    const updates = typingUpdates(n);
    const runs = {
      'Y.Doc, one transaction per update': () => {
        const doc = new Y.Doc();
        for (const u of updates) Y.applyUpdate(doc, u);
        return Y.encodeStateAsUpdate(doc);
      },
      'Y.Doc, batched transactions (chosen)': () => {
        const doc = new Y.Doc();
        doc.transact(() => {
          for (const u of updates) Y.applyUpdate(doc, u);
        });
        return Y.encodeStateAsUpdate(doc);
      },
      'Y.mergeUpdates (no gc)': () => Y.mergeUpdates(updates),
    };
    for (const [label, run] of Object.entries(runs)) {
      run();
      let best = Number.POSITIVE_INFINITY;
      let size = 0;
      for (let i = 0; i < 3; i += 1) {
        const t0 = performance.now();
        size = run().length;
        best = Math.min(best, performance.now() - t0);
      }
      console.log(`merge ${n} updates with ${label}: ${best.toFixed(1)} ms, ${size} bytes`);
    }
  }
}

try {
  // Optional arguments pick sections: append, load, compaction, strategies (default: all).
  const sections = { append: appendThroughput, load: coldLoad, compaction: compactionCost, strategies };
  const chosen = process.argv.slice(2).length > 0 ? process.argv.slice(2) : Object.keys(sections);
  console.log(`node ${process.version}, ${new Date().toISOString()}, sections: ${chosen.join(', ')}`);
  for (const name of chosen) {
    if (!(name in sections)) throw new Error(`unknown section ${name}; known: ${Object.keys(sections).join(', ')}`);
    await sections[name]();
  }
} finally {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
}
