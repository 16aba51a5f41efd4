import { CloseCode, encodeSyncStep2, encodeSyncUpdate } from '@tandem/protocol';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { connectClient, connectRaw, startServer, waitFor } from '../src/helpers/index.js';

const cases: Array<{ name: string; frame: () => Uint8Array; code: number }> = [
  { name: 'a truncated varint', frame: () => Uint8Array.of(0x80), code: CloseCode.ProtocolError.code },
  { name: 'an unknown message type', frame: () => Uint8Array.of(42, 1, 2, 3), code: CloseCode.ProtocolError.code },
  { name: 'an unknown sync type', frame: () => Uint8Array.of(0, 7, 0), code: CloseCode.ProtocolError.code },
  {
    name: 'trailing bytes',
    frame: () => Uint8Array.of(...encodeSyncUpdate(updateTyping('zz')), 9, 9),
    code: CloseCode.ProtocolError.code,
  },
  {
    name: 'an undecodable Yjs update',
    frame: () => encodeSyncUpdate(Uint8Array.of(1, 1, 200, 3, 0xff, 0xff, 0xff)),
    code: CloseCode.ProtocolError.code,
  },
  {
    name: 'an invalid step 2',
    frame: () => encodeSyncStep2(Uint8Array.of(5, 250, 250, 250)),
    code: CloseCode.ProtocolError.code,
  },
  { name: 'a server-only ack message', frame: () => Uint8Array.of(100, 3), code: CloseCode.ProtocolError.code },
  { name: 'an empty frame', frame: () => new Uint8Array(0), code: CloseCode.ProtocolError.code },
  {
    name: 'a frame over the size limit',
    frame: () => encodeSyncUpdate(updateTyping('x'.repeat(70_000))),
    code: CloseCode.MessageTooBig.code,
  },
];

function updateTyping(text: string): Uint8Array {
  const doc = new Y.Doc();
  doc.getText('text').insert(0, text);
  return Y.encodeStateAsUpdate(doc);
}

describe('bad frames close only the sender', () => {
  it.each(cases)('$name: sender closed ($code), server up, others syncing, doc unchanged', async ({ frame, code }) => {
    const { wsUrl, httpUrl, store } = await startServer({ config: { maxMessageBytes: 64 * 1024 } });
    const a = connectClient(wsUrl, 'victim');
    const b = connectClient(wsUrl, 'victim');
    await Promise.all([a.synced(), b.synced()]);
    a.doc.getText('text').insert(0, 'before');
    await waitFor(() => b.doc.getText('text').toString() === 'before');
    await waitFor(async () => (await store.getMeta('victim'))?.totalUpdates === 1);
    const storedBefore = await store.load('victim');

    const bad = await connectRaw(wsUrl, 'victim');
    bad.send(frame());
    const closed = await bad.waitForClose();
    expect(closed.code).toBe(code);

    // Nothing changed: the stored doc and the replicas are exactly as before.
    const storedAfter = await store.load('victim');
    expect(storedAfter?.meta.totalUpdates).toBe(storedBefore?.meta.totalUpdates);
    expect(storedAfter?.update).toEqual(storedBefore?.update);
    expect(b.doc.getText('text').toString()).toBe('before');

    // The server is up and the room's other clients keep syncing.
    expect((await fetch(`${httpUrl}/healthz`)).status).toBe(200);
    expect(a.provider.wsconnected && b.provider.wsconnected).toBe(true);
    b.doc.getText('text').insert(6, ' and after');
    await waitFor(() => a.doc.getText('text').toString() === 'before and after', { message: 'a and b still sync' });
  });
});

describe('bad frames are logged', () => {
  it('with the doc and the connection id', async () => {
    const { spawnServerProcess } = await import('../src/helpers/index.js');
    const server = await spawnServerProcess();
    const bad = await connectRaw(server.wsUrl, 'logged/doc');
    bad.send(Uint8Array.of(42));
    await bad.waitForClose();
    const line = await waitFor(() => server.logs.find((entry) => entry.kind === 'unknown-type'));
    expect(line).toMatchObject({ doc: 'logged/doc', kind: 'unknown-type', level: 40 });
    expect(typeof line.conn).toBe('string');
    const opened = server.logs.find((entry) => entry.msg === 'connection opened' && entry.conn === line.conn);
    expect(opened?.doc).toBe('logged/doc');
  });
});
