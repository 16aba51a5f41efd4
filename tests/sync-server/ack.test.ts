import { encodeSyncStep1, encodeSyncStep2, encodeSyncUpdate } from '@tandem/protocol';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { connectClient, connectRaw, startServer, waitFor } from '../src/helpers/index.js';

/** A local doc whose every edit yields one update to send. */
function editor() {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  return {
    doc,
    type(text: string): Uint8Array {
      doc.getText('text').insert(doc.getText('text').length, text);
      return updates[updates.length - 1] as Uint8Array;
    },
  };
}

describe('durable acknowledgement (ack=1, message type 100)', () => {
  it('acknowledges every update-bearing message, only once it is stored', async () => {
    const { wsUrl, store } = await startServer();
    const raw = await connectRaw(wsUrl, 'acks', { params: { ack: '1' } });
    const local = editor();

    const storedWhenAcked: Array<{ count: number; storedChars: number }> = [];
    raw.socket.on('message', (data: Buffer) => {
      if (data[0] !== 100) return;
      const count = data[1] as number; // counts stay < 128 here: one byte
      void store.load('acks').then((loaded) => {
        const doc = new Y.Doc();
        if (loaded !== null) Y.applyUpdate(doc, loaded.update);
        storedWhenAcked.push({ count, storedChars: doc.getText('text').length });
      });
    });

    raw.send(encodeSyncStep2(Y.encodeStateAsUpdate(local.doc))); // 1: an empty step 2 (no-op)
    let last: Uint8Array = new Uint8Array();
    for (let i = 0; i < 60; i++) {
      last = local.type('a');
      raw.send(encodeSyncUpdate(last)); // 2..61
    }
    raw.send(encodeSyncUpdate(last)); // 62: a duplicate, a no-op that needs no storage

    const final = await raw.waitForMessage('ack', (ack) => ack.count === 62);
    expect(final.count).toBe(62);
    const counts = raw.received.flatMap((message) => (message.kind === 'ack' ? [message.count] : []));
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
    expect(Math.max(...counts)).toBe(62);
    // Batched: far fewer acks than updates, but never more than one per message.
    expect(counts.length).toBeLessThanOrEqual(62);

    await waitFor(() => storedWhenAcked.length === counts.length);
    for (const { count, storedChars } of storedWhenAcked) {
      // Update k (k >= 2) inserted character k-1: an ack for count c means c-1 chars are stored.
      expect(storedChars).toBeGreaterThanOrEqual(Math.min(count - 1, 60));
    }
  });

  it('is never sent to a client that did not ask for it (stock clients stay compatible)', async () => {
    const { wsUrl } = await startServer();
    const raw = await connectRaw(wsUrl, 'no-acks');
    const local = editor();
    for (let i = 0; i < 20; i++) raw.send(encodeSyncUpdate(local.type('b')));
    // Two round trips: a step 2 reply is sent only after the pending writes are stored, so any ack
    // for the updates above would arrive before the second reply.
    const empty = Y.encodeStateVector(new Y.Doc());
    raw.send(encodeSyncStep1(empty));
    await raw.waitForMessage('syncStep2');
    raw.send(encodeSyncStep1(empty));
    await waitFor(() => raw.received.filter((message) => message.kind === 'syncStep2').length === 2);
    expect(raw.received.some((message) => message.kind === 'ack')).toBe(false);

    // And a stock provider on the same doc sees the content, without any message it cannot handle.
    const stock = connectClient(wsUrl, 'no-acks');
    await stock.synced();
    expect(stock.doc.getText('text').toString()).toBe('b'.repeat(20));
  });

  it('counts per connection', async () => {
    const { wsUrl } = await startServer();
    const one = await connectRaw(wsUrl, 'per-conn', { params: { ack: '1' } });
    const two = await connectRaw(wsUrl, 'per-conn', { params: { ack: '1' } });
    const a = editor();
    const b = editor();
    for (let i = 0; i < 5; i++) one.send(encodeSyncUpdate(a.type('1')));
    for (let i = 0; i < 3; i++) two.send(encodeSyncUpdate(b.type('2')));
    await one.waitForMessage('ack', (ack) => ack.count === 5);
    await two.waitForMessage('ack', (ack) => ack.count === 3);
    expect(Math.max(...two.received.flatMap((m) => (m.kind === 'ack' ? [m.count] : [])))).toBe(3);
  });
});
