#!/usr/bin/env node
// Measures the version history (issue 18) against the built packages: not a test, numbers for the
// README. LevelDB in temp dirs; PostgreSQL too when DATABASE_URL is set (a scratch database).
//  1. the stores: create a version of a ~1 MB document, list 10,000 versions;
//  2. the built CLI over HTTP (LevelDB): name a version, compare two versions and a version with
//     now, restore, of a ~1 MB document that a WebsocketProvider client edits between versions;
//  3. storage: the automerge-paper trace (259,778 edits, one update each) stored with an automatic
//     version every 1,000 edits, against the same without versions: bytes on disk once closed.
// Usage: npx turbo run build --filter=@tandem/sync-server... && node apps/sync-server/scripts/measureHistory.mjs [--skip-trace | --trace-only]
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { createLevelStore, createPostgresStore } from '@tandem/persistence';
import pg from 'pg';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const tracePath = fileURLToPath(new URL('../../../../shared/traces/automerge-paper.json.gz', import.meta.url));
const skipTrace = process.argv.includes('--skip-trace');
const traceOnly = process.argv.includes('--trace-only');

const summary = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)].toFixed(1);
  return `n ${sorted.length}, p50 ${at(50)} ms, p99 ${at(99)} ms, max ${sorted.at(-1).toFixed(1)} ms`;
};
async function timed(run) {
  const started = performance.now();
  const result = await run();
  return { ms: performance.now() - started, result };
}
async function dirBytes(dir) {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    // A file the store removes meanwhile (a retired journal) counts as nothing.
    total += entry.isDirectory()
      ? await dirBytes(path)
      : await stat(path).then(
          (info) => info.size,
          () => 0,
        );
  }
  return total;
}
const kib = (bytes) => `${(bytes / 1024).toFixed(0)} KiB`;

/** A Tandem-shaped doc of about `targetBytes` of text: paragraphs in 'default', written as one update. */
function largeDocUpdate(targetBytes) {
  const doc = new Y.Doc();
  const fragment = doc.getXmlFragment('default');
  const blocks = [];
  for (let i = 0, bytes = 0; bytes < targetBytes; i++) {
    const text = `Paragraph ${i}: some words of prose, long enough to be a typical line that someone would write in a document.`;
    const element = new Y.XmlElement('paragraph');
    element.insert(0, [new Y.XmlText(text)]);
    blocks.push(element);
    bytes += text.length;
  }
  fragment.insert(0, blocks);
  return { doc, update: Y.encodeStateAsUpdate(doc), paragraphs: blocks.length };
}

/** Appends `count` keystroke batches to the doc of `writer`, spread over its paragraphs. */
async function typeInto(store, name, writer, count, author) {
  const fragment = writer.getXmlFragment('default');
  for (let i = 0; i < count; i++) {
    const updates = [];
    const collect = (update) => updates.push(update);
    writer.on('update', collect);
    fragment
      .get((i * 97) % fragment.length)
      .get(0)
      .insert(0, 'x');
    writer.off('update', collect);
    await store.append(name, updates, { author });
  }
}

async function measureStore(label, store) {
  const big = largeDocUpdate(1024 * 1024);
  await store.append('big', [big.update], { author: 'ada' });
  const creates = [];
  for (let i = 0; i < 30; i++) {
    await typeInto(store, 'big', big.doc, 5, i % 2 === 0 ? 'ada' : 'grace');
    creates.push((await timed(() => store.createVersion('big', { kind: 'auto' }))).ms);
  }
  console.log(`${label}: create a version of a ${kib(big.update.byteLength)} document: ${summary(creates)}`);
  const writer = new Y.Doc();
  const text = writer.getText('t');
  for (let i = 0; i < 10_000; i++) {
    const updates = [];
    const collect = (update) => updates.push(update);
    writer.on('update', collect);
    text.insert(text.length, 'v');
    writer.off('update', collect);
    await store.append('many', updates, { author: i % 2 === 0 ? 'ada' : 'grace' });
    await store.createVersion('many', { kind: 'auto' });
  }
  const lists = [];
  let count = 0;
  for (let i = 0; i < 20; i++) {
    const { ms, result } = await timed(() => store.listVersions('many', { limit: 10_000 }));
    lists.push(ms);
    count = result.versions.length;
  }
  console.log(`${label}: list ${count} versions (one page): first ${lists[0].toFixed(1)} ms, then ${summary(lists.slice(1))}`);
}

function startCli(dataDir) {
  const child = spawn(process.execPath, [cli, '--port', '0', '--data-dir', dataDir], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, LOG_LEVEL: 'info', VERSION_PAUSE_MS: '0', API_MAX_BODY_BYTES: String(32 * 1024 * 1024) },
  });
  return new Promise((resolve, reject) => {
    let buffer = '';
    child.stdout.on('data', (chunk) => {
      buffer += chunk.toString();
      for (const line of buffer.split('\n')) if (line.includes('"msg":"listening"')) resolve({ child, port: JSON.parse(line).port });
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
}

async function measureApi() {
  const dataDir = await mkdtemp(join(tmpdir(), 'tandem-measure-history-'));
  const server = await startCli(dataDir);
  const base = `http://127.0.0.1:${server.port}`;
  const call = async (method, path, body) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return response.json();
  };
  try {
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(`ws://127.0.0.1:${server.port}`, 'big', doc, { WebSocketPolyfill: WebSocket, disableBc: true });
    await new Promise((resolve) => provider.once('sync', resolve));
    const big = largeDocUpdate(1024 * 1024);
    Y.applyUpdate(doc, big.update);
    const fragment = doc.getXmlFragment('default');
    const settled = async () => {
      // Stored once the server has nothing unacknowledged from us: wait for its state to have ours.
      for (;;) {
        const stored = new Uint8Array(await (await fetch(`${base}/api/docs/big?format=yjs`)).arrayBuffer());
        const copy = new Y.Doc();
        Y.applyUpdate(copy, stored);
        if (Y.encodeStateVector(copy).toString() === Y.encodeStateVector(doc).toString()) return;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };
    const edit = (round) => {
      for (let i = 0; i < 20; i++)
        fragment
          .get((round * 131 + i * 17) % fragment.length)
          .get(0)
          .insert(0, `edit ${round} `);
    };
    await settled();
    const creates = [];
    const versions = [];
    for (let round = 0; round < 20; round++) {
      edit(round);
      await settled();
      const { ms, result } = await timed(() => call('POST', '/api/docs/big/versions', { name: `round ${round}` }));
      creates.push(ms);
      versions.push(result.version.seq);
    }
    console.log(`HTTP: name a version of the ${kib(big.update.byteLength)} document: ${summary(creates)}`);
    const previews = [];
    for (const seq of versions.slice(0, 10)) previews.push((await timed(() => call('GET', `/api/docs/big/versions/${seq}`))).ms);
    console.log(`HTTP: read a version as JSON: ${summary(previews)}`);
    const htmlPreviews = [];
    for (const seq of versions.slice(0, 10)) {
      htmlPreviews.push(
        (await timed(() => fetch(`${base}/api/docs/big/versions/${seq}?format=html`).then((response) => response.text()))).ms,
      );
    }
    console.log(`HTTP: read a version as HTML (what the editor previews; converted above): ${summary(htmlPreviews)}`);
    const compares = [];
    for (let i = 1; i < versions.length; i++)
      compares.push((await timed(() => call('GET', `/api/docs/big/versions/${versions[i - 1]}/compare?to=${versions[i]}`))).ms);
    console.log(`HTTP: compare two consecutive versions: ${summary(compares)}`);
    const wide = [];
    for (let i = 0; i < 5; i++) wide.push((await timed(() => call('GET', `/api/docs/big/versions/${versions[0]}/compare?to=current`))).ms);
    console.log(`HTTP: compare the first version with now (20 rounds of edits apart): ${summary(wide)}`);
    const htmlCompares = [];
    for (let i = 1; i < versions.length; i++) {
      htmlCompares.push(
        (await timed(() => call('GET', `/api/docs/big/versions/${versions[i - 1]}/compare?to=${versions[i]}&format=html`))).ms,
      );
    }
    console.log(`HTTP: the same comparisons as HTML (what the editor shows; computed again: 4 are kept): ${summary(htmlCompares)}`);
    const freshCompares = [];
    for (let i = 2; i < versions.length; i++) {
      freshCompares.push(
        (await timed(() => call('GET', `/api/docs/big/versions/${versions[i - 2]}/compare?to=${versions[i]}&format=html`))).ms,
      );
    }
    console.log(`HTTP: compare versions two apart, as HTML, not asked before: ${summary(freshCompares)}`);
    const restores = [];
    for (let i = 0; i < 10; i++) {
      const { ms, result } = await timed(() =>
        call('POST', `/api/docs/big/versions/${versions[i % 2 === 0 ? 0 : versions.length - 1]}/restore`, {}),
      );
      if (!result.changed) throw new Error('a restore changed nothing');
      restores.push(ms);
    }
    console.log(`HTTP: restore a version (a live client connected): ${summary(restores)}`);
    provider.destroy();
  } finally {
    server.child.kill('SIGTERM');
    await new Promise((resolve) => server.child.once('exit', resolve));
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function traceStorage(everyEdits) {
  const trace = JSON.parse(gunzipSync(readFileSync(tracePath)).toString('utf8'));
  const dir = await mkdtemp(join(tmpdir(), 'tandem-measure-trace-'));
  const store = await createLevelStore({ dir });
  const doc = new Y.Doc();
  const text = doc.getText('t');
  let pending = null;
  doc.on('update', (update) => {
    pending = update;
  });
  let edits = 0;
  const started = performance.now();
  for (const { patches } of trace.txns) {
    doc.transact(() => {
      for (const [position, deleteCount, insert] of patches) {
        if (deleteCount > 0) text.delete(position, deleteCount);
        if (insert) text.insert(position, insert);
      }
    });
    await store.append('paper', [pending], { author: 'author' });
    edits++;
    if (everyEdits > 0 && edits % everyEdits === 0) await store.createVersion('paper', { kind: 'auto' });
  }
  const versions = (await store.listVersions('paper', { limit: 10_000 })).versions.length;
  const ms = performance.now() - started;
  // As the benchmark measures disk: once the store's background work (compaction, then LevelDB's
  // rewrite of the doc's range that drops what compaction replaced) has settled.
  let last = -1;
  for (let quiet = 0, rounds = 0; quiet < 4 && rounds < 120; rounds++) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const now = await dirBytes(dir);
    quiet = now === last ? quiet + 1 : 0;
    last = now;
  }
  await store.close();
  const bytes = await dirBytes(dir);
  await rm(dir, { recursive: true, force: true });
  return { bytes, versions, seconds: ms / 1000, edits };
}

async function main() {
  if (!traceOnly) await measureStoresAndApi();
  if (!skipTrace) {
    const without = await traceStorage(0);
    const withVersions = await traceStorage(1000);
    console.log(
      `automerge-paper trace (${without.edits} edits): ${kib(without.bytes)} on disk without versions (${without.seconds.toFixed(0)} s), ` +
        `${kib(withVersions.bytes)} with ${withVersions.versions} versions, one per 1,000 edits (${withVersions.seconds.toFixed(0)} s): ` +
        `${(withVersions.bytes / without.bytes).toFixed(2)}x`,
    );
  }
}

async function measureStoresAndApi() {
  const levelDir = await mkdtemp(join(tmpdir(), 'tandem-measure-level-'));
  let level = await createLevelStore({ dir: levelDir });
  await measureStore('LevelDB store', level);
  // Cold: the store reopened (nothing of it in memory), its first list of the 10,000 versions.
  const cold = [];
  for (let i = 0; i < 5; i++) {
    await level.close();
    level = await createLevelStore({ dir: levelDir });
    cold.push((await timed(() => level.listVersions('many', { limit: 10_000 }))).ms);
  }
  console.log(`LevelDB store: list 10,000 versions, the first time after a restart: ${summary(cold)}`);
  await level.close();
  await rm(levelDir, { recursive: true, force: true });
  if (process.env.DATABASE_URL) {
    const schema = `measure_history_${process.pid}`;
    const postgres = await createPostgresStore({ connectionString: process.env.DATABASE_URL, schema });
    try {
      await measureStore('PostgreSQL store', postgres);
    } finally {
      await postgres.close();
      const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await client.connect();
      await client.query(`DROP SCHEMA ${schema} CASCADE`);
      await client.end();
    }
  }
  await measureApi();
}

await main();
process.exit(0);
