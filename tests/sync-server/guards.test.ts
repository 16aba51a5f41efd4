import { CloseCode, encodeSyncUpdate } from '@tandem/protocol';
import type { UpgradeGuard } from '@tandem/sync-server';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { connectClient, connectRaw, startServer, waitFor } from '../src/helpers/index.js';

function updateTyping(text: string): Uint8Array {
  const doc = new Y.Doc();
  doc.getText('text').insert(0, text);
  return Y.encodeStateAsUpdate(doc);
}

describe('upgrade guards (the extension point for auth and limits)', () => {
  it('a refusal answers with its HTTP status before anything is loaded', async () => {
    const guard: UpgradeGuard = ({ params }) =>
      params.get('token') === 'ok' ? { accept: true } : { accept: false, status: 401, message: 'token required' };
    const { wsUrl, server } = await startServer({ upgradeGuards: [guard] });
    const status = await new Promise<number>((resolve) => {
      const socket = new WebSocket(`${wsUrl}/locked`);
      socket.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      socket.on('error', () => {});
    });
    expect(status).toBe(401);
    expect(server.stats().rooms).toBe(0);

    const allowed = connectClient(wsUrl, 'locked', { params: { token: 'ok' } });
    await allowed.synced();
  });

  it('read-only connections receive the doc but their updates are dropped', async () => {
    const guard: UpgradeGuard = ({ params }) => ({ accept: true, readOnly: params.get('mode') === 'view' });
    const { wsUrl, store } = await startServer({ upgradeGuards: [guard] });
    const editor = connectClient(wsUrl, 'ro');
    await editor.synced();
    editor.doc.getText('text').insert(0, 'from the editor');
    const viewer = connectClient(wsUrl, 'ro', { params: { mode: 'view' } });
    await viewer.synced();
    expect(viewer.doc.getText('text').toString()).toBe('from the editor');

    viewer.doc.getText('text').insert(0, 'vandal ');
    editor.doc.getText('text').insert(15, '!');
    await waitFor(() => viewer.doc.getText('text').toString().endsWith('!'), { message: 'viewer still receives' });
    expect(editor.doc.getText('text').toString()).toBe('from the editor!');
    const stored = await store.load('ro');
    const doc = new Y.Doc();
    Y.applyUpdate(doc, stored?.update as Uint8Array);
    expect(doc.getText('text').toString()).toBe('from the editor!');
  });

  it('admitFrame can close a connection before its frame is queued; onClose runs once it is gone', async () => {
    let open = 0;
    const guard: UpgradeGuard = () => {
      open++;
      return {
        accept: true,
        hooks: {
          admitFrame: (bytes) => (bytes > 1000 ? CloseCode.RateLimited : null),
          onClose: () => {
            open--;
          },
        },
      };
    };
    const { wsUrl, store } = await startServer({ upgradeGuards: [guard] });
    const raw = await connectRaw(wsUrl, 'limited');
    expect(open).toBe(1);
    raw.send(encodeSyncUpdate(updateTyping('x'.repeat(2000))));
    expect((await raw.waitForClose()).code).toBe(CloseCode.RateLimited.code);
    await waitFor(() => open === 0, { message: 'onClose ran' });
    expect(await store.getMeta('limited')).toBeNull();
  });
});
