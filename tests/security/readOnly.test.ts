import { encodeAwareness, encodeSyncStep1, encodeSyncStep2, encodeSyncUpdate } from '@tandem/protocol';
import { signToken } from '@tandem/sync-server';
import * as awarenessProtocol from 'y-protocols/awareness';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { connectClient, connectRaw, loadStoredDoc, startServer, waitFor } from '../src/helpers/index.js';

const SECRET = 'read-only-test-secret-long-enough-for-hs256';

function vandalUpdate(base: Y.Doc, text: string): Uint8Array {
  // Built on top of what the doc already has, so it would apply cleanly if it were accepted.
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(base));
  const before = Y.encodeStateVector(doc);
  doc.getText('text').insert(0, text);
  doc.getText('title').insert(0, text);
  return Y.encodeStateAsUpdate(doc, before);
}

describe('read-only connections (a "read" grant)', () => {
  it('receive the doc and live updates and show up in presence, but no frame of theirs changes anything anywhere', async () => {
    const started = await startServer({ config: { authSecret: SECRET } });
    const { wsUrl, store } = started;
    const editorToken = await signToken({ secret: SECRET, sub: 'ada', name: 'Ada', docs: { 'team-*': 'write' }, expiresIn: '5m' });
    const viewerToken = await signToken({ secret: SECRET, sub: 'bob', name: 'Bob', docs: { 'team-*': 'read' }, expiresIn: '5m' });

    const editor = connectClient(wsUrl, 'team-plan', { params: { token: editorToken, ack: '1' }, awareness: { user: { name: 'Ada' } } });
    await editor.synced();
    editor.doc.getText('text').insert(0, 'written by Ada');
    await waitFor(async () => (await store.getMeta('team-plan')) !== null, { message: 'stored' });

    // A stock viewer: gets the doc, then live updates; its presence reaches the editor.
    const viewer = connectClient(wsUrl, 'team-plan', { params: { token: viewerToken }, awareness: { user: { name: 'Bob' } } });
    await viewer.synced();
    expect(viewer.doc.getText('text').toString()).toBe('written by Ada');
    await waitFor(
      () =>
        (editor.provider.awareness.getStates().get(viewer.doc.clientID) as { user?: { name: string } } | undefined)?.user?.name === 'Bob',
      {
        message: 'the viewer shows up in the editor’s presence',
      },
    );

    // A raw viewer (with ack=1) throws every update-bearing frame it can at the server.
    const raw = await connectRaw(wsUrl, 'team-plan', { params: { token: viewerToken, ack: '1' } });
    expect(raw.received[0]).toEqual({ kind: 'authPermissionDenied', reason: 'read-only' });
    await raw.waitForMessage('syncStep1');
    const attack = vandalUpdate(editor.doc, 'VANDAL ');
    raw.send(encodeSyncUpdate(attack));
    raw.send(encodeSyncStep2(attack));
    raw.send(encodeSyncUpdate(vandalUpdate(new Y.Doc(), 'FRESH ')));
    // The stock viewer's local edit goes the same way.
    viewer.doc.getText('text').insert(0, 'viewer typed ');
    // Frames of one connection are handled in order: once this is answered, the attack was handled.
    raw.send(encodeSyncStep1(Y.encodeStateVector(new Y.Doc())));
    const answer = await waitFor(() => raw.received.filter((m) => m.kind === 'syncStep2')[0], {
      message: 'the server answers the barrier',
    });

    // The editor keeps working, and its edit reaches the viewer: the room is alive.
    editor.doc.getText('text').insert(editor.doc.getText('text').length, '!');
    await waitFor(() => viewer.doc.getText('text').toString().endsWith('!'), { message: 'the viewer still receives live updates' });

    const serverState = new Y.Doc();
    if (answer.kind === 'syncStep2') Y.applyUpdate(serverState, answer.update);
    expect(serverState.getText('text').toString()).toBe('written by Ada');
    expect(editor.doc.getText('text').toString()).toBe('written by Ada!');
    expect(editor.doc.getText('title').toString()).toBe('');
    expect(raw.received.some((m) => m.kind === 'ack')).toBe(false);
    expect(raw.closeEvent).toBeNull();

    await started.stop();
    const stored = await loadStoredDoc(started.dataDir, 'team-plan');
    expect(stored?.doc.getText('text').toString()).toBe('written by Ada!');
    expect(stored?.meta.title ?? '').toBe('');
  });

  it('a read-only connection may set its own awareness, also through raw frames', async () => {
    const { wsUrl } = await startServer({ config: { authSecret: SECRET } });
    const viewerToken = await signToken({ secret: SECRET, sub: 'bob', docs: { doc: 'read' }, expiresIn: 60 });
    const watcher = connectClient(wsUrl, 'doc', { params: { token: viewerToken } });
    await watcher.synced();
    const raw = await connectRaw(wsUrl, 'doc', { params: { token: viewerToken } });
    const presence = new awarenessProtocol.Awareness(new Y.Doc());
    presence.setLocalState({ user: { name: 'Raw Bob' } });
    raw.send(encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(presence, [presence.clientID])));
    await waitFor(
      () =>
        (watcher.provider.awareness.getStates().get(presence.clientID) as { user?: { name: string } } | undefined)?.user?.name ===
        'Raw Bob',
      {
        message: 'the viewer’s presence is relayed',
      },
    );
  });
});
