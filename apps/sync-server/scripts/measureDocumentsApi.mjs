#!/usr/bin/env node
// Measures the documents API (issue 17) against the built CLI in a child process, real LevelDB in
// a temp dir, over HTTP on loopback. Not a test: numbers for the README.
//  1. GET of a ~1 MB document as Markdown: cold (nobody has it open: loaded and converted per
//     request), warm and unchanged, and warm while a WebsocketProvider client types into it (one
//     keystroke between reads, so each read converts the block that changed);
//  2. a live PATCH (one paragraph replaced, by position) while that client is connected: the first
//     one (which copies the document for the API), then the steady state;
//  3. the keystroke relay between two WebsocketProvider clients of another document while three
//     1 MB imports convert at the same time (one keystroke, then wait until the other client has
//     it, then the next): the slowest relay shows how long conversions hold up the event loop.
// Usage: npx turbo run build --filter=@tandem/sync-server... && node apps/sync-server/scripts/measureDocumentsApi.mjs [--reads 200]
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const argv = process.argv.slice(2);
const readsArg = argv.indexOf('--reads');
const N = readsArg === -1 ? 200 : Number(argv[readsArg + 1]);

function startServer(dataDir, env = {}) {
  const child = spawn(process.execPath, [cli, '--port', '0', '--data-dir', dataDir], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, LOG_LEVEL: 'info', API_MAX_BODY_BYTES: String(32 * 1024 * 1024), ...env },
  });
  return new Promise((resolve, reject) => {
    let buffer = '';
    child.stdout.on('data', (chunk) => {
      buffer += chunk.toString();
      for (const line of buffer.split('\n')) {
        if (line.includes('"msg":"listening"')) resolve({ child, port: JSON.parse(line).port });
      }
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
}

async function stopServer({ child }) {
  child.removeAllListeners('exit');
  const exited = new Promise((resolve) => child.on('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
const summary = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p) => percentile(sorted, p).toFixed(1);
  return `n ${sorted.length}, p50 ${at(50)} ms, p99 ${at(99)} ms, max ${sorted.at(-1).toFixed(1)} ms`;
};

/** About 1 MB of Markdown: sections of headings, paragraphs with marks and links, lists and quotes. */
function largeMarkdown(targetBytes) {
  const parts = [];
  let bytes = 0;
  for (let i = 0; bytes < targetBytes; i++) {
    const part =
      i % 20 === 0
        ? `## Section ${i / 20}`
        : i % 7 === 0
          ? `- item ${i} with *emphasis*\n- another item\n  - nested ${i}`
          : i % 11 === 0
            ? `> A quote in block ${i}, long enough to be a sentence someone would write.`
            : `Paragraph ${i}: some **bold** words, a [link](https://example.com/${i}) and more plain text to fill a typical line of prose.`;
    parts.push(part);
    bytes += part.length + 2;
  }
  return parts.join('\n\n');
}

async function timed(run) {
  const started = performance.now();
  await run();
  return performance.now() - started;
}

/** Relay times of keystrokes typed by one client and seen by another in `docName`, while `busy` runs. */
async function relayDuring(port, docName, busy) {
  const connect = () => {
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(`ws://127.0.0.1:${port}`, docName, doc, { WebSocketPolyfill: WebSocket, disableBc: true });
    return { doc, provider, synced: new Promise((resolve) => provider.once('sync', resolve)) };
  };
  const alice = connect();
  const bob = connect();
  await Promise.all([alice.synced, bob.synced]);
  const typed = alice.doc.getText('title');
  const seen = bob.doc.getText('title');
  const relays = [];
  let done = false;
  const running = busy().finally(() => {
    done = true;
  });
  while (!done) {
    const started = performance.now();
    const arrived = new Promise((resolve) =>
      seen.observe(function once() {
        seen.unobserve(once);
        resolve();
      }),
    );
    typed.insert(typed.length, 'x');
    await arrived;
    relays.push(performance.now() - started);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  await running;
  alice.provider.destroy();
  bob.provider.destroy();
  return relays;
}

async function main() {
  const dataDir = await mkdtemp(join(tmpdir(), 'tandem-measure-api-'));
  const markdown = largeMarkdown(1024 * 1024);
  try {
    // Created once, then each phase on a fresh process (nothing cached from the one before).
    let server = await startServer(dataDir, { API_KEEP_DOC_LOADED_MS: '0' });
    let base = `http://127.0.0.1:${server.port}`;
    const createMs = await timed(async () => {
      const response = await fetch(`${base}/api/docs?name=big`, {
        method: 'POST',
        headers: { 'Content-Type': 'text/markdown' },
        body: markdown,
      });
      if (response.status !== 201) throw new Error(`create: ${response.status} ${await response.text()}`);
    });
    const meta = await (await fetch(`${base}/api/docs?limit=10`)).json();
    const stored = meta.docs.find((doc) => doc.name === 'big');
    const exported = await (await fetch(`${base}/api/docs/big?format=markdown`)).text();
    console.log(
      `document: ${(markdown.length / 1024).toFixed(0)} KiB of Markdown, ${(stored.bytes / 1024).toFixed(0)} KiB of Yjs; created in ${createMs.toFixed(0)} ms; export equals import: ${exported === markdown}`,
    );

    const get = () => fetch(`${base}/api/docs/big?format=markdown`).then((response) => response.text());
    const cold = [];
    for (let i = 0; i < Math.min(N, 30); i++) cold.push(await timed(get));
    console.log(`GET markdown, cold (loaded, applied and converted per request): ${summary(cold)}`);
    await stopServer(server);

    // The documents stay loaded: the exports below measure converting them, not loading them from the store.
    server = await startServer(dataDir, { API_KEEP_DOC_LOADED_MS: '600000' });
    base = `http://127.0.0.1:${server.port}`;
    await get();
    const warm = [];
    for (let i = 0; i < N; i++) warm.push(await timed(get));
    console.log(`GET markdown, warm, unchanged: ${summary(warm)}`);

    const doc = new Y.Doc();
    const provider = new WebsocketProvider(`ws://127.0.0.1:${server.port}`, 'big', doc, { WebSocketPolyfill: WebSocket, disableBc: true });
    await new Promise((resolve) => provider.once('sync', resolve));
    const blocks = doc.getXmlFragment('default');
    const paragraphs = blocks.toArray().filter((block) => block.nodeName === 'paragraph');
    let typed = 0;
    const typing = [];
    for (let i = 0; i < N; i++) {
      const text = paragraphs[(i * 37) % paragraphs.length].get(0);
      text.insert(0, 'x');
      typed++;
      // Read once the keystroke is on the server (its update has been sent): the read converts that block.
      await new Promise((resolve) => setImmediate(resolve));
      typing.push(await timed(get));
    }
    console.log(`GET markdown, warm, one keystroke before each read: ${summary(typing)}`);

    const patch = (i) =>
      fetch(`${base}/api/docs/big?block=${(i * 53) % blocks.length}`, {
        method: 'PATCH',
        headers: { 'Content-Type': 'text/markdown' },
        body: `Replaced paragraph ${i} with **new** text.`,
      }).then(async (response) => {
        if (response.status !== 200) throw new Error(`PATCH: ${response.status} ${await response.text()}`);
      });
    const first = await timed(() => patch(0));
    const patches = [];
    for (let i = 1; i <= N; i++) patches.push(await timed(() => patch(i)));
    console.log(
      `PATCH one block, live (a client connected): first ${first.toFixed(1)} ms (copies the document for the API), then ${summary(patches)}`,
    );
    console.log(`(the client typed ${typed} keystrokes)`);
    provider.destroy();

    // The three imports, then the first export of each (as Markdown, HTML and JSON: converted whole).
    const concurrently = async (label, request) => {
      const load = loadavg()[0];
      let busyMs = 0;
      const relays = await relayDuring(server.port, 'chat', async () => {
        busyMs = await timed(() =>
          Promise.all(
            [1, 2, 3].map((i) =>
              fetch(`${base}${request(i).path}`, request(i).init).then(async (response) => {
                if (!response.ok) throw new Error(`${label} ${i}: ${response.status} ${await response.text()}`);
                await response.arrayBuffer();
              }),
            ),
          ),
        );
      });
      console.log(`keystroke relay between two clients during ${label} (${(busyMs / 1000).toFixed(1)} s): ${summary(relays)}`);
      console.log(`  load average (1 min) before: ${load.toFixed(2)}, after: ${loadavg()[0].toFixed(2)}`);
    };
    await concurrently('three concurrent 1 MB Markdown imports', (i) => ({
      path: `/api/docs?name=import-${i}`,
      init: { method: 'POST', headers: { 'Content-Type': 'text/markdown' }, body: markdown },
    }));
    await concurrently('the first export of each of them, as Markdown, HTML and JSON', (i) => ({
      path: `/api/docs/import-${i}?format=${['markdown', 'html', 'json'][i - 1]}`,
      init: {},
    }));
    await stopServer(server);
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
// A destroyed y-websocket provider can leave a timer behind that keeps the process alive.
process.exit(0);
