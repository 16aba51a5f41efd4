import { encodeSyncUpdate } from '@tandem/protocol';
import { describe, it } from 'vitest';
import * as Y from 'yjs';
import { connectClient, connectRaw, startServer, waitFor } from '../src/helpers/index.js';

describe('updates with missing dependencies', () => {
  it('are stored (and acked) even while Yjs holds them pending, and complete after a restart', async () => {
    const source = new Y.Doc();
    const updates: Uint8Array[] = [];
    source.on('update', (update: Uint8Array) => updates.push(update));
    source.getText('text').insert(0, 'first ');
    source.getText('text').insert(6, 'second');
    const [first, second] = updates as [Uint8Array, Uint8Array];

    const server = await startServer();
    const raw = await connectRaw(server.wsUrl, 'pending', { params: { ack: '1' } });
    raw.send(encodeSyncUpdate(second)); // depends on `first`, which the server has not seen
    await raw.waitForMessage('ack', (ack) => ack.count === 1);
    raw.close();
    await raw.waitForClose();
    await server.stop();

    const restarted = await startServer({ dataDir: server.dataDir });
    const writer = await connectRaw(restarted.wsUrl, 'pending', { params: { ack: '1' } });
    writer.send(encodeSyncUpdate(first));
    await writer.waitForMessage('ack', (ack) => ack.count === 1);
    const reader = connectClient(restarted.wsUrl, 'pending');
    await reader.synced();
    await waitFor(() => reader.doc.getText('text').toString() === 'first second', {
      message: 'the pending update, stored before the restart, completes the text',
    });
  });
});
