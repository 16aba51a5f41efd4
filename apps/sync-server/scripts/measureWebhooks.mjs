#!/usr/bin/env node
// Measures webhook delivery delay (issue 17: p95 <= 2 s after the debounce window) against the
// built CLI in a child process (LevelDB in a temp dir) and a receiver in this process on loopback,
// which verifies every signature with the standardwebhooks library. Not a test: numbers for the README.
// Rounds of editing: in each, `--docs` documents get a burst of keystrokes from a WebsocketProvider
// client each, all at once; the delay of each document.updated is its arrival minus the end of its
// debounce window (the last change it covers, `data.updatedAt`, plus WEBHOOK_DEBOUNCE_MS).
// Usage: npx turbo run build --filter=@tandem/sync-server... && node apps/sync-server/scripts/measureWebhooks.mjs [--rounds 10] [--docs 20]
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Webhook } from 'standardwebhooks';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const argv = process.argv.slice(2);
const option = (name, fallback) => (argv.includes(name) ? Number(argv[argv.indexOf(name) + 1]) : fallback);
const ROUNDS = option('--rounds', 10);
const DOCS = option('--docs', 20);
const DEBOUNCE_MS = 1000;

function startReceiver(secret) {
  const verifier = new Webhook(secret);
  const events = [];
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      try {
        events.push({ at: Date.now(), event: verifier.verify(body, req.headers) });
        res.writeHead(204).end();
      } catch (error) {
        console.error('signature did not verify:', error.message);
        res.writeHead(400).end();
      }
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, events, port: server.address().port })));
}

function startServer(dataDir, env) {
  const child = spawn(process.execPath, [cli, '--port', '0', '--data-dir', dataDir], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, LOG_LEVEL: 'info', MEMORY_RELEASE_IDLE_MS: '0', ...env },
  });
  return new Promise((resolve, reject) => {
    let buffer = '';
    const onData = (chunk) => {
      buffer += chunk.toString();
      for (const line of buffer.split('\n')) {
        if (!line.includes('"msg":"listening"')) continue;
        // Listening: the rest of the log is not read (but drained).
        child.stdout.off('data', onData);
        child.stdout.resume();
        resolve({ child, port: JSON.parse(line).port });
      }
    };
    child.stdout.on('data', onData);
    child.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function connect(port, name) {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`ws://127.0.0.1:${port}`, name, doc, { WebSocketPolyfill: WebSocket, disableBc: true });
  return new Promise((resolve) => provider.once('sync', () => resolve({ doc, provider })));
}

function type(doc, text) {
  const fragment = doc.getXmlFragment('default');
  if (fragment.length === 0) {
    const paragraph = new Y.XmlElement('paragraph');
    paragraph.insert(0, [new Y.XmlText('')]);
    fragment.insert(0, [paragraph]);
  }
  const target = fragment.get(0).get(0);
  target.insert(target.length, text);
}

async function main() {
  const secret = `whsec_${randomBytes(32).toString('base64')}`;
  const receiver = await startReceiver(secret);
  const dataDir = await mkdtemp(join(tmpdir(), 'tandem-webhooks-'));
  const server = await startServer(dataDir, {
    WEBHOOKS: JSON.stringify([{ id: 'measure', url: `http://127.0.0.1:${receiver.port}/hook`, secret }]),
    WEBHOOK_DEBOUNCE_MS: String(DEBOUNCE_MS),
    WEBHOOK_MAX_WAIT_MS: '10000',
  });
  const clients = await Promise.all(Array.from({ length: DOCS }, (_, i) => connect(server.port, `measure-${i}`)));
  const load = [loadavg()[0]];
  const delays = [];
  for (let round = 0; round < ROUNDS; round++) {
    const before = receiver.events.length;
    for (let key = 0; key < 3; key++) {
      for (const client of clients) type(client.doc, String.fromCharCode(97 + ((round + key) % 26)));
      await sleep(50);
    }
    const deadline = Date.now() + 30_000;
    while (receiver.events.length < before + DOCS && Date.now() < deadline) await sleep(20);
    for (const { at, event } of receiver.events.slice(before)) {
      if (event.type !== 'document.updated' && event.type !== 'document.created') continue;
      delays.push(at - (Date.parse(event.data.updatedAt) + DEBOUNCE_MS));
    }
    load.push(loadavg()[0]);
    await sleep(200);
  }
  const sorted = delays.sort((a, b) => a - b);
  const at = (p) => `${Math.round(percentile(sorted, p))} ms`;
  console.log(
    `webhook delivery delay after the debounce window (${DEBOUNCE_MS} ms), ${ROUNDS} rounds of ${DOCS} documents edited at once, ${sorted.length} events:`,
  );
  console.log(`  p50 ${at(50)}, p95 ${at(95)}, p99 ${at(99)}, max ${Math.round(sorted.at(-1))} ms, min ${Math.round(sorted[0])} ms`);
  console.log(`  1-minute load average during the run: ${Math.min(...load).toFixed(1)} to ${Math.max(...load).toFixed(1)} (2 cores)`);
  for (const client of clients) client.provider.destroy();
  server.child.removeAllListeners('exit');
  const exited = new Promise((resolve) => server.child.on('exit', resolve));
  server.child.kill('SIGTERM');
  await exited;
  receiver.server.closeAllConnections();
  receiver.server.close();
  await rm(dataDir, { recursive: true, force: true });
}

// Each provider listens for the process's exit.
process.setMaxListeners(0);
main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
