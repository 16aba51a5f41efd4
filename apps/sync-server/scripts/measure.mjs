#!/usr/bin/env node
// Measures the sync server (built CLI in a child process, real LevelDB in a temp dir):
//  1. updates/s one client pushes through, each acknowledged durably (ack=1, type 100):
//     pipelined (send all, wait for the last ack) and lock-step (send one, wait for its ack);
//  2. cold-load time to synced for a doc with 10,000 stored updates (fresh process, stock provider).
// Usage: node apps/sync-server/scripts/measure.mjs [--updates 10000] [--fsync true|false] (server default: true)
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeMessage, encodeSyncStep2, encodeSyncUpdate } from '@tandem/protocol';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const argv = process.argv.slice(2);
const updatesArg = argv.indexOf('--updates');
const N = updatesArg === -1 ? 10_000 : Number(argv[updatesArg + 1]);
const fsyncArg = argv.indexOf('--fsync');
const fsync = fsyncArg === -1 ? true : argv[fsyncArg + 1] !== 'false';

function startServer(dataDir, extraArgs = []) {
  const child = spawn(process.execPath, [cli, '--port', '0', '--data-dir', dataDir, ...extraArgs], {
    stdio: ['ignore', 'pipe', 'inherit'],
    // One client pushing thousands of updates a second: raise the per-connection rate limits.
    env: { ...process.env, LOG_LEVEL: 'info', MAX_MESSAGES_PER_SECOND: '1000000', MESSAGE_BURST: '1000000' },
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

function openRaw(port, doc, params = '') {
  const socket = new WebSocket(`ws://127.0.0.1:${port}/${doc}${params}`);
  socket.binaryType = 'nodebuffer';
  let acked = 0;
  const waiters = [];
  socket.on('message', (data) => {
    const message = decodeMessage(new Uint8Array(data), { validatePayloads: false });
    if (message.kind !== 'ack') return;
    acked = message.count;
    for (let i = waiters.length - 1; i >= 0; i--) {
      if (acked >= waiters[i].count) waiters.splice(i, 1)[0].resolve();
    }
  });
  return new Promise((resolve) =>
    socket.on('open', () =>
      resolve({
        socket,
        waitForAck: (count) => (acked >= count ? Promise.resolve() : new Promise((r) => waiters.push({ count, resolve: r }))),
      }),
    ),
  );
}

/** `count` single-character edits, as the updates a typing client would send. */
function typingUpdates(count) {
  const doc = new Y.Doc();
  const updates = [];
  doc.on('update', (u) => updates.push(u));
  const text = doc.getText('default');
  for (let i = 0; i < count; i++) text.insert(text.length, String.fromCharCode(97 + (i % 26)));
  return { doc, updates };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const results = {};
const dirs = [];
const tempDir = async () => {
  const dir = await mkdtemp(join(tmpdir(), 'tandem-measure-'));
  dirs.push(dir);
  return dir;
};
const flags = ['--fsync', String(fsync)];

try {
  // 1a. Pipelined: send N updates back to back, wait for the ack of the last one.
  {
    const server = await startServer(await tempDir(), flags);
    const raw = await openRaw(server.port, 'push', '?ack=1');
    const { updates } = typingUpdates(N);
    const started = performance.now();
    raw.socket.send(encodeSyncStep2(new Uint8Array([0, 0])));
    for (const update of updates) raw.socket.send(encodeSyncUpdate(update));
    await raw.waitForAck(N + 1);
    const ms = performance.now() - started;
    results.pipelined = { updates: N, ms: Math.round(ms), updatesPerSecond: Math.round((N / ms) * 1000) };
    raw.socket.close();
    await stopServer(server);
  }

  // 1b. Lock-step: one update in flight at a time (each waits for its durable ack).
  {
    const server = await startServer(await tempDir(), flags);
    const raw = await openRaw(server.port, 'lockstep', '?ack=1');
    const count = Math.min(N, 2000);
    const { updates } = typingUpdates(count);
    const started = performance.now();
    for (let i = 0; i < count; i++) {
      raw.socket.send(encodeSyncUpdate(updates[i]));
      await raw.waitForAck(i + 1);
    }
    const ms = performance.now() - started;
    results.lockStep = {
      updates: count,
      ms: Math.round(ms),
      updatesPerSecond: Math.round((count / ms) * 1000),
      msPerAck: Number((ms / count).toFixed(3)),
    };
    raw.socket.close();
    await stopServer(server);
  }

  // 2. Cold load of a doc with N stored updates: default compaction, and none (N separate records).
  for (const [label, extra] of [
    ['coldLoadCompacted', []],
    ['coldLoadUncompacted', ['--compact-after-updates', 'Infinity', '--compact-after-bytes', 'Infinity']],
  ]) {
    const dataDir = await tempDir();
    const writer = await startServer(dataDir, [...flags, ...extra]);
    const raw = await openRaw(writer.port, 'big', '?ack=1');
    const { doc: source, updates } = typingUpdates(N);
    for (const update of updates) raw.socket.send(encodeSyncUpdate(update));
    await raw.waitForAck(N);
    raw.socket.close();
    await stopServer(writer);

    const times = [];
    for (let run = 0; run < 3; run++) {
      const server = await startServer(dataDir, [...flags, ...extra]);
      const doc = new Y.Doc();
      const started = performance.now();
      const provider = new WebsocketProvider(`ws://127.0.0.1:${server.port}`, 'big', doc, {
        WebSocketPolyfill: WebSocket,
        disableBc: true,
      });
      await new Promise((resolve) => provider.once('sync', resolve));
      times.push(performance.now() - started);
      if (doc.getText('default').length !== source.getText('default').length) throw new Error('cold load incomplete');
      provider.destroy();
      await stopServer(server);
    }
    results[label] = { updates: N, msToSyncedMedian: Math.round(median(times)), runsMs: times.map(Math.round) };
  }

  console.log(JSON.stringify({ fsync, ...results }, null, 2));
} finally {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
}
// Closed providers leave their reconnect watchdog timers behind; do not wait for them.
process.exit(0);
