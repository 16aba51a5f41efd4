import { CloseCode, encodeSyncUpdate } from '@tandem/protocol';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  connectClient,
  connectRaw,
  loadStoredDoc,
  metricSample,
  registerTeardown,
  scrapeMetrics,
  startServer,
  waitFor,
} from '../src/helpers/index.js';

/** `count` incremental updates of one writer, each typing one more character of `text`. */
function typedUpdates(count: number): { updates: Uint8Array[]; text: string } {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  let text = '';
  for (let i = 0; i < count; i++) {
    const char = String.fromCharCode(97 + (i % 26));
    doc.getText('text').insert(i, char);
    text += char;
  }
  return { updates, text };
}

describe('flow control: a writer over its budget is slowed, not closed', () => {
  it('a burst past the message budget takes as long as the budget says, and every update is relayed and stored', async () => {
    const budget = { maxMessagesPerSecond: 50, messageBurst: 10 };
    const started = await startServer({ config: { ...budget, floodCloseAfterMs: 5000, logLevel: 'debug' } });
    const { wsUrl, httpUrl, server, logs } = started;
    const watcher = connectClient(wsUrl, 'burst');
    await watcher.synced();
    const writer = await connectRaw(wsUrl, 'burst');
    await writer.waitForMessage('syncStep1');

    const { updates, text } = typedUpdates(60);
    const sentAt = performance.now();
    for (const update of updates) writer.send(encodeSyncUpdate(update));
    await waitFor(() => watcher.doc.getText('text').toString() === text, { timeout: 10_000, message: 'every update reaches the watcher' });
    const elapsedMs = performance.now() - sentAt;

    // The first `messageBurst` go through at once, the other 50 at 50 per second: at least 1 s.
    const impliedMs = ((updates.length - budget.messageBurst) / budget.maxMessagesPerSecond) * 1000;
    expect(elapsedMs).toBeGreaterThanOrEqual(impliedMs - 5);
    expect(writer.closeEvent).toBeNull();
    expect(server.stats().connections).toBe(2);
    expect(logs.filter((line) => line.msg === 'over the message or byte budget: reading paused').length).toBeGreaterThanOrEqual(1);
    expect(logs.some((line) => typeof line.msg === 'string' && line.msg.startsWith('frame refused'))).toBe(false);
    expect(metricSample(await scrapeMetrics(httpUrl), 'tandem_connections_throttled_total')).toBeGreaterThanOrEqual(1);

    await started.stop();
    expect((await loadStoredDoc(started.dataDir, 'burst'))?.doc.getText('text').toString()).toBe(text);
  });

  it('the heartbeat keeps a connection whose reading is paused (its pongs wait unread)', async () => {
    // One frame empties the byte bucket, the next owes 36 KiB at 20 KiB/s: reading pauses for
    // about 1.8 s, several heartbeat intervals.
    const { wsUrl, server } = await startServer({
      config: { heartbeatIntervalMs: 200, maxMessageBytes: 64 * 1024, byteBurst: 64 * 1024, maxBytesPerSecond: 20 * 1024 },
    });
    const watcher = connectClient(wsUrl, 'paused');
    await watcher.synced();
    const writer = await connectRaw(wsUrl, 'paused');
    await writer.waitForMessage('syncStep1');
    const first = new Y.Doc();
    first.getText('a').insert(0, 'a'.repeat(50 * 1024));
    const second = new Y.Doc();
    second.getText('b').insert(0, 'b'.repeat(50 * 1024));
    writer.send(encodeSyncUpdate(Y.encodeStateAsUpdate(first)));
    writer.send(encodeSyncUpdate(Y.encodeStateAsUpdate(second)));
    await waitFor(() => watcher.doc.getText('b').length === 50 * 1024, { timeout: 10_000, message: 'the slowed frame is relayed' });
    expect(watcher.doc.getText('a').length).toBe(50 * 1024);
    expect(writer.closeEvent).toBeNull();
    expect(server.stats().connections).toBe(2);
  });
});

describe('per-address connection limit: an office behind one NAT address', () => {
  it('100 stock providers from one address all connect and sync with the default config', { timeout: 60_000 }, async () => {
    // Every stock provider listens for the process's exit: 100 of them are expected here.
    process.setMaxListeners(process.getMaxListeners() + 100);
    registerTeardown(() => process.setMaxListeners(process.getMaxListeners() - 100));
    const { wsUrl, server } = await startServer();
    const docs = Array.from({ length: 10 }, (_, i) => `office-${i}`);
    const clients = Array.from({ length: 100 }, (_, i) => connectClient(wsUrl, docs[i % docs.length] as string));
    await Promise.all(clients.map((client) => client.synced(30_000)));
    expect(server.stats()).toEqual({ rooms: 10, connections: 100 });
    // Each doc's first client types; everyone on that doc sees it.
    for (const [i, client] of clients.slice(0, docs.length).entries()) client.doc.getText('text').insert(0, `hello ${i}`);
    await waitFor(() => clients.every((client, i) => client.doc.getText('text').toString() === `hello ${i % docs.length}`), {
      timeout: 20_000,
      message: 'every client has its doc’s edit',
    });
    expect(clients.every((client) => client.provider.wsconnected)).toBe(true);
  });
});

describe('a sustained flood is still closed', () => {
  it('a writer that keeps sending faster than its budget is slowed, then closed with 4529 once it stayed over for floodCloseAfterMs', async () => {
    const { wsUrl, server, logs } = await startServer({
      config: { maxMessagesPerSecond: 50, messageBurst: 10, floodCloseAfterMs: 1000, logLevel: 'info' },
    });
    const watcher = connectClient(wsUrl, 'flood');
    await watcher.synced();
    const flooder = await connectRaw(wsUrl, 'flood');
    await flooder.waitForMessage('syncStep1');
    const { updates } = typedUpdates(2000);
    // Twice the budget, for as long as the socket is open.
    const startedAt = performance.now();
    let sent = 0;
    const timer = setInterval(() => {
      if (flooder.socket.readyState !== flooder.socket.OPEN || sent >= updates.length) return;
      flooder.send(encodeSyncUpdate(updates[sent++] as Uint8Array));
    }, 10);
    try {
      expect(await flooder.waitForClose(15_000)).toEqual({ code: CloseCode.RateLimited.code, reason: CloseCode.RateLimited.reason });
    } finally {
      clearInterval(timer);
    }
    // Slowed first: it went over budget within the first 0.1 s, and was closed only after the window.
    expect(performance.now() - startedAt).toBeGreaterThanOrEqual(1000);
    expect(logs.filter((line) => line.msg === `frame refused: ${CloseCode.RateLimited.reason}`)).toHaveLength(1);
    await waitFor(() => server.stats().connections === 1, { message: 'the server let the flooder go' });
    // What was handled before the close reached the watcher; the watcher's own edits still sync.
    const late = connectClient(wsUrl, 'flood');
    await late.synced();
    watcher.doc.getText('note').insert(0, 'still syncing');
    await waitFor(() => late.doc.getText('note').toString() === 'still syncing', { message: 'the room still works' });
    expect(late.doc.getText('text').length).toBeGreaterThan(10);
  });

  it('a flood refused while reading is paused is closed at once: reading resumes for the close handshake', async () => {
    const { wsUrl, server } = await startServer({ config: { maxMessagesPerSecond: 5, messageBurst: 10, floodCloseAfterMs: 20_000 } });
    const flooder = await connectRaw(wsUrl, 'paused-flood');
    await flooder.waitForMessage('syncStep1');
    // One read: 10 within budget, 100 slowed (20 s of debt, reading paused for it), then refused.
    const { updates } = typedUpdates(300);
    for (const update of updates) flooder.send(encodeSyncUpdate(update));
    // Well before the 20 s pause would end by itself (the margin is for a loaded CI machine).
    expect(await flooder.waitForClose(10_000)).toMatchObject({ code: CloseCode.RateLimited.code });
    await waitFor(() => server.stats().connections === 0, { timeout: 5000, message: 'the server let the flooder go' });
  });
});
