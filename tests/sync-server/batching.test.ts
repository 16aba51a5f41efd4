import type { Socket } from 'node:net';
import { encodeSyncUpdate } from '@tandem/protocol';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { connectRaw, startServer } from '../src/helpers/index.js';

/** Every update of typing `text` one character per transaction. */
function typing(text: string): { doc: Y.Doc; updates: Uint8Array[] } {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  for (const char of text) doc.getText('text').insert(doc.getText('text').length, char);
  return { doc, updates };
}

describe('a burst of updates in one tick', () => {
  it('is applied in one transaction: one stored record, one relayed message, every frame acknowledged', async () => {
    const { wsUrl, store } = await startServer();
    const writer = await connectRaw(wsUrl, 'burst', { params: { ack: '1' } });
    const reader = await connectRaw(wsUrl, 'burst');
    reader.requestState();
    await reader.waitForMessage('syncStep2');
    const { doc, updates } = typing('forty keystrokes typed in a single burst');
    expect(updates).toHaveLength(40);

    // All frames in one TCP write, so the server reads them in one chunk (one tick).
    const tcp = (writer.socket as unknown as { _socket: Socket })._socket;
    tcp.cork();
    for (const update of updates) writer.send(encodeSyncUpdate(update));
    tcp.uncork();

    await writer.waitForMessage('ack', (ack) => ack.count === 40);
    const relayed = await reader.waitForMessage('syncUpdate');
    const received = new Y.Doc();
    Y.applyUpdate(received, relayed.update);
    expect(received.getText('text').toString()).toBe(doc.getText('text').toString());
    expect(reader.received.filter((message) => message.kind === 'syncUpdate')).toHaveLength(1);
    expect(await store.getMeta('burst')).toMatchObject({ updateCount: 1, totalUpdates: 1 });
    const acks = writer.received.filter((message) => message.kind === 'ack');
    expect(acks.length).toBeLessThanOrEqual(2);
  });
});
