#!/usr/bin/env node
// Measures how long people's keystrokes take to go round (client → server → other client) while
// the version history converts a large version on the conversion workers: its first preview (HTML),
// a comparison with now (HTML) and a restore. Not a test: numbers for the README. The built CLI
// over HTTP and WebSocket, LevelDB in a temp dir.
// Usage: npx turbo run build --filter=@tandem/sync-server... && node apps/sync-server/scripts/measureHistoryWorkers.mjs
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

function largeMarkdown(bytes) {
  const parts = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const part =
      i % 20 === 0
        ? `## Section ${i / 20}`
        : i % 7 === 0
          ? `- item ${i} with *emphasis*\n- another item\n  - nested ${i}`
          : `Paragraph ${i}: some **bold** words, a [link](https://example.com/${i}) and more plain text to fill a line.`;
    parts.push(part);
    size += part.length + 2;
  }
  return parts.join('\n\n');
}

const summary = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)].toFixed(1);
  return `n ${sorted.length}, p50 ${at(50)} ms, p99 ${at(99)} ms, max ${sorted.at(-1).toFixed(1)} ms`;
};

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

const dataDir = await mkdtemp(join(tmpdir(), 'tandem-measure-history-workers-'));
const server = await startCli(dataDir);
const base = `http://127.0.0.1:${server.port}`;
const call = async (method, path, body, contentType = 'application/json') => {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': contentType },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${text.slice(0, 200)}`);
  return text;
};
const connect = (room) => {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`ws://127.0.0.1:${server.port}`, room, doc, { WebSocketPolyfill: WebSocket, disableBc: true });
  return { doc, provider, synced: new Promise((resolve) => provider.once('sync', resolve)) };
};

try {
  await call('POST', '/api/docs?name=big', largeMarkdown(1024 * 1024), 'text/markdown');
  const { version } = JSON.parse(await call('POST', '/api/docs/big/versions', { name: 'large' }));
  await call('POST', '/api/docs/big/append', { format: 'html', content: '<p>Added afterwards</p>' });
  const alice = connect('notes');
  const bob = connect('notes');
  await Promise.all([alice.synced, bob.synced]);
  const typed = alice.doc.getText('title');
  const seen = bob.doc.getText('title');
  const keystroke = async () => {
    const started = performance.now();
    typed.insert(typed.length, 'x');
    const expected = typed.toString();
    await new Promise((resolve) => {
      const check = () => {
        if (seen.toString() !== expected) return;
        seen.unobserve(check);
        resolve();
      };
      seen.observe(check);
      check();
    });
    return performance.now() - started;
  };
  /** Keystroke round trips while `request` runs (one after another, as fast as they go round). */
  const whileRunning = async (label, request) => {
    let done = false;
    const started = performance.now();
    const running = request().then(() => {
      done = true;
    });
    const trips = [];
    while (!done) trips.push(await keystroke());
    await running;
    console.log(`${label}: ${(performance.now() - started).toFixed(0)} ms; keystrokes meanwhile: ${summary(trips)}`);
  };
  const idle = [];
  for (let i = 0; i < 50; i++) idle.push(await keystroke());
  console.log(`keystrokes, nothing converting: ${summary(idle)}`);
  await whileRunning('first preview of the 1 MiB version (HTML)', () => call('GET', `/api/docs/big/versions/${version.seq}?format=html`));
  await whileRunning('the same preview again (kept)', () => call('GET', `/api/docs/big/versions/${version.seq}?format=html`));
  await whileRunning('compare it with now (HTML)', () => call('GET', `/api/docs/big/versions/${version.seq}/compare?format=html`));
  await whileRunning('restore it', () => call('POST', `/api/docs/big/versions/${version.seq}/restore`, {}));
  alice.provider.destroy();
  bob.provider.destroy();
} finally {
  server.child.kill();
  await rm(dataDir, { recursive: true, force: true });
}
// The providers' reconnect timers would keep the process alive.
process.exit(0);
