import { CloseCode, encodeAwareness, encodeQueryAwareness, encodeSyncUpdate } from '@tandem/protocol';
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { connectClient, connectRaw, loadStoredDoc, startServer, waitFor } from '../src/helpers/index.js';

/** An awareness update with the given entries: `[clientID, clock, state]`. */
function awarenessUpdate(entries: [clientId: number, clock: number, state: unknown][]): Uint8Array {
  return encodeAwareness(
    encoding.encode((e) => {
      encoding.writeVarUint(e, entries.length);
      for (const [clientId, clock, state] of entries) {
        encoding.writeVarUint(e, clientId);
        encoding.writeVarUint(e, clock);
        encoding.writeVarString(e, JSON.stringify(state));
      }
    }),
  );
}

function typing(text: string): Uint8Array {
  const doc = new Y.Doc();
  doc.getText('text').insert(0, text);
  return Y.encodeStateAsUpdate(doc);
}

type LogLine = Record<string, unknown>;

/** The one log line with message `msg` (fails, naming it, if there is none or more than one). */
function theLine(logs: LogLine[], msg: string): LogLine {
  const lines = logs.filter((line) => line.msg === msg);
  expect(lines, `log lines "${msg}"`).toHaveLength(1);
  return lines[0] as LogLine;
}

/** The id of the last connection opened to `doc` (from its info-level "connection opened" line). */
const lastOpened = (logs: LogLine[], doc: string) =>
  logs.filter((line) => line.msg === 'connection opened' && line.doc === doc).at(-1)?.conn;

const nameOf = (client: { provider: { awareness: { getStates(): Map<number, unknown> } } }, clientId: number) =>
  (client.provider.awareness.getStates().get(clientId) as { user?: { name?: string } } | undefined)?.user?.name;

describe('rate limits: a flood closes that connection only (a writer merely over budget is slowed: flowControl.test.ts)', () => {
  it('too many messages: the flooder is closed with 4529, the others in the room keep syncing', async () => {
    const { wsUrl, logs } = await startServer({ config: { maxMessagesPerSecond: 20, messageBurst: 40, logLevel: 'info' } });
    const a = connectClient(wsUrl, 'room');
    const b = connectClient(wsUrl, 'room');
    await Promise.all([a.synced(), b.synced()]);
    const flooder = await connectRaw(wsUrl, 'room');
    await flooder.waitForMessage('syncStep1');
    const flooderConn = lastOpened(logs, 'room');
    for (let i = 0; i < 500 && flooder.socket.readyState === flooder.socket.OPEN; i++) flooder.send(encodeQueryAwareness());
    expect(await flooder.waitForClose()).toEqual({ code: CloseCode.RateLimited.code, reason: CloseCode.RateLimited.reason });
    // Logged once, at warn, naming the doc, the flooder's connection and its address.
    expect(theLine(logs, `frame refused: ${CloseCode.RateLimited.reason}`)).toMatchObject({
      level: 40,
      doc: 'room',
      conn: flooderConn,
      ip: '127.0.0.1',
      code: CloseCode.RateLimited.code,
      frameBytes: encodeQueryAwareness().byteLength,
    });
    expect(typeof flooderConn).toBe('string');

    a.doc.getText('text').insert(0, 'still syncing');
    await waitFor(() => b.doc.getText('text').toString() === 'still syncing', { message: 'b receives a’s edit after the flood' });
    expect(a.provider.wsconnected && b.provider.wsconnected).toBe(true);
  });

  it('too many bytes: closed with 4529; the refused frames are never handled', async () => {
    // The third 30 KB frame would keep it over budget for longer than floodCloseAfterMs: a flood.
    const { wsUrl, store, logs } = await startServer({
      config: { maxMessageBytes: 64 * 1024, byteBurst: 64 * 1024, maxBytesPerSecond: 16 * 1024, floodCloseAfterMs: 1000, logLevel: 'info' },
    });
    const watcher = connectClient(wsUrl, 'bytes');
    await watcher.synced();
    const flooder = await connectRaw(wsUrl, 'bytes');
    await flooder.waitForMessage('syncStep1');
    const flooderConn = lastOpened(logs, 'bytes');
    const big = encodeSyncUpdate(typing('x'.repeat(30_000)));
    for (let i = 0; i < 10 && flooder.socket.readyState === flooder.socket.OPEN; i++) flooder.send(big);
    expect((await flooder.waitForClose()).code).toBe(CloseCode.RateLimited.code);
    expect(theLine(logs, `frame refused: ${CloseCode.RateLimited.reason}`)).toMatchObject({
      level: 40,
      doc: 'bytes',
      conn: flooderConn,
      ip: '127.0.0.1',
      code: CloseCode.RateLimited.code,
      frameBytes: big.byteLength,
    });
    watcher.doc.getText('note').insert(0, 'ok');
    await waitFor(async () => (await store.getMeta('bytes')) !== null, { message: 'the watcher’s edit is stored' });
    // The admitted frames were applied (each is the same update); the refused ones never were.
    expect(watcher.doc.getText('text').length).toBeLessThanOrEqual(30_000);
  });
});

describe('connection limits: accepted, then closed with a "retry later" code', () => {
  it('per client address (4521), released when a connection closes; nothing is loaded for a refused one', async () => {
    const { wsUrl, server, logs } = await startServer({ config: { maxConnectionsPerIp: 3, logLevel: 'info' } });
    const open = await Promise.all(['one', 'two', 'three'].map((doc) => connectRaw(wsUrl, doc)));
    const refused = await connectRaw(wsUrl, 'four');
    expect(await refused.waitForClose()).toEqual({
      code: CloseCode.TooManyConnectionsFromIp.code,
      reason: CloseCode.TooManyConnectionsFromIp.reason,
    });
    expect(refused.received).toEqual([]);
    // Logged at warn with the doc, the address and the limit; it never became a connection (no conn id).
    const line = theLine(logs, 'connection refused: maxConnectionsPerIp reached');
    expect(line).toMatchObject({ level: 40, doc: 'four', ip: '127.0.0.1', max: 3, code: CloseCode.TooManyConnectionsFromIp.code });
    expect(line).not.toHaveProperty('conn');
    expect(logs.some((entry) => entry.msg === 'connection opened' && entry.doc === 'four')).toBe(false);
    expect(server.stats()).toEqual({ rooms: 3, connections: 3 });

    open[0]?.close();
    await waitFor(() => server.stats().connections === 2, { message: 'the server saw the close' });
    const again = await connectRaw(wsUrl, 'four');
    await again.waitForMessage('syncStep1');
    expect(again.closeEvent).toBeNull();
  });

  it('per document (4520); other documents are unaffected', async () => {
    const { wsUrl, logs } = await startServer({ config: { maxConnectionsPerDoc: 2, logLevel: 'info' } });
    const first = connectClient(wsUrl, 'busy');
    const second = connectClient(wsUrl, 'busy');
    await Promise.all([first.synced(), second.synced()]);
    const third = await connectRaw(wsUrl, 'busy');
    expect((await third.waitForClose()).code).toBe(CloseCode.TooManyConnectionsToDoc.code);
    const line = theLine(logs, 'connection refused: maxConnectionsPerDoc reached');
    expect(line).toMatchObject({ level: 40, doc: 'busy', ip: '127.0.0.1', max: 2, code: CloseCode.TooManyConnectionsToDoc.code });
    expect(line).not.toHaveProperty('conn');
    expect(logs.filter((entry) => entry.msg === 'connection opened' && entry.doc === 'busy')).toHaveLength(2);
    const elsewhere = await connectRaw(wsUrl, 'quiet');
    await elsewhere.waitForMessage('syncStep1');
    first.doc.getText('text').insert(0, 'hi');
    await waitFor(() => second.doc.getText('text').toString() === 'hi', { message: 'the two still sync' });
  });
});

describe('document size limit', () => {
  it('refuses (4413) an update that would grow the doc past maxDocBytes: not applied, stored or relayed; deletions still pass', async () => {
    const started = await startServer({ config: { maxDocBytes: 4096, logLevel: 'info' } });
    const { wsUrl, logs } = started;
    const observer = connectClient(wsUrl, 'big');
    await observer.synced();
    const writer = await connectRaw(wsUrl, 'big', { params: { ack: '1' } });
    await writer.waitForMessage('syncStep1');
    const writerConn = lastOpened(logs, 'big');

    const local = new Y.Doc();
    local.getText('text').insert(0, 'a'.repeat(2000));
    writer.send(encodeSyncUpdate(Y.encodeStateAsUpdate(local)));
    await writer.waitForMessage('ack');
    await waitFor(() => observer.doc.getText('text').length === 2000, { message: 'the first 2000 chars arrive' });

    const before = Y.encodeStateVector(local);
    local.getText('text').insert(2000, 'b'.repeat(3000));
    const tooBig = Y.encodeStateAsUpdate(local, before);
    writer.send(encodeSyncUpdate(tooBig));
    expect(await writer.waitForClose()).toEqual({ code: CloseCode.DocTooLarge.code, reason: CloseCode.DocTooLarge.reason });
    expect(theLine(logs, `update refused: ${CloseCode.DocTooLarge.reason}`)).toMatchObject({
      level: 40,
      doc: 'big',
      conn: writerConn,
      ip: '127.0.0.1',
      code: CloseCode.DocTooLarge.code,
      bytes: tooBig.byteLength,
    });

    // At the limit the doc still syncs and accepts deletions.
    observer.doc.getText('text').delete(0, 500);
    const late = connectClient(wsUrl, 'big');
    await late.synced();
    await waitFor(() => late.doc.getText('text').length === 1500, { message: 'the deletion went through' });
    expect(observer.doc.getText('text').toString()).not.toContain('b');

    await started.stop();
    const stored = await loadStoredDoc(started.dataDir, 'big');
    expect(stored?.doc.getText('text').toString()).toBe('a'.repeat(1500));
  });
});

describe('awareness limits', () => {
  it('an awareness update over maxAwarenessBytes closes with 4431 and reaches nobody', async () => {
    const { wsUrl, logs } = await startServer({ config: { maxAwarenessBytes: 1024, logLevel: 'info' } });
    const watcher = connectClient(wsUrl, 'presence');
    await watcher.synced();
    const raw = await connectRaw(wsUrl, 'presence');
    await raw.waitForMessage('syncStep1');
    const rawConn = lastOpened(logs, 'presence');
    raw.send(awarenessUpdate([[424242, 1, { user: { name: 'x'.repeat(2000) } }]]));
    expect((await raw.waitForClose()).code).toBe(CloseCode.AwarenessTooLarge.code);
    const line = theLine(logs, `awareness update refused: ${CloseCode.AwarenessTooLarge.reason}`);
    expect(line).toMatchObject({ level: 40, doc: 'presence', conn: rawConn, ip: '127.0.0.1', code: CloseCode.AwarenessTooLarge.code });
    expect(line.bytes).toBeGreaterThan(2000);
    const small = await connectRaw(wsUrl, 'presence');
    small.send(awarenessUpdate([[515151, 1, { user: { name: 'Small' } }]]));
    await waitFor(() => nameOf(watcher, 515151) === 'Small', { message: 'a small state still passes' });
    expect(watcher.provider.awareness.getStates().has(424242)).toBe(false);
  });

  it('a connection cannot set or remove the presence of client ids another connection introduced', async () => {
    const { wsUrl } = await startServer();
    const ada = connectClient(wsUrl, 'spoof', { awareness: { user: { name: 'Ada' } } });
    const observer = connectClient(wsUrl, 'spoof', { awareness: { user: { name: 'Observer' } } });
    await Promise.all([ada.synced(), observer.synced()]);
    const adaId = ada.doc.clientID;
    await waitFor(() => nameOf(observer, adaId) === 'Ada', { message: 'Ada is present' });
    const clock = (ada.provider.awareness.meta.get(adaId)?.clock ?? 0) + 10;

    const mallory = await connectRaw(wsUrl, 'spoof');
    mallory.send(awarenessUpdate([[777, 1, { user: { name: 'Mallory' } }]]));
    mallory.send(awarenessUpdate([[adaId, clock, { user: { name: 'Mallory as Ada' } }]]));
    mallory.send(awarenessUpdate([[adaId, clock + 1, null]]));
    // Many made-up ids: one connection may introduce 8 at most (777 was the first).
    mallory.send(
      awarenessUpdate(Array.from({ length: 20 }, (_, i) => [900_000 + i, 1, { user: { name: `Bot ${i}` } }] as [number, number, unknown])),
    );
    mallory.send(awarenessUpdate([[777, 2, { user: { name: 'Mallory, done' } }]]));
    // Relays reach the observer in order: once this arrived, every frame before it was handled.
    await waitFor(() => nameOf(observer, 777) === 'Mallory, done', { message: 'Mallory’s own last update arrives (barrier)' });

    expect(nameOf(observer, adaId)).toBe('Ada');
    expect(nameOf(ada, adaId)).toBe('Ada');
    const bots = [...observer.provider.awareness.getStates().keys()].filter((id) => id >= 900_000 && id < 900_020);
    expect(bots).toHaveLength(7);
    expect(mallory.closeEvent).toBeNull();
  });
});
