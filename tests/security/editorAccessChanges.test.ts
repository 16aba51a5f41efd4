import { CollaborationSession, type CollaborationSnapshot } from '@tandem/editor-react';
import { signToken } from '@tandem/sync-server';
import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { apiClient, makeApiKey } from '../documents-api/apiClient.js';
import { connectClient, registerTeardown, startServer, waitFor } from '../src/helpers/index.js';

// The editor component's session (the same code as in the browser) against a real server, in Node.
const SECRET = 'editor-access-test-secret-long-enough-hs256';
const admin = makeApiKey('admin', ['admin']);
// No clock tolerance: a connection ends at its token's `exp`.
const config = { authSecret: SECRET, authClockToleranceSec: 0, apiKeys: [admin.entry] as never };

function open(wsUrl: string, docId: string, getToken: () => Promise<string>) {
  const session = new CollaborationSession(docId, {
    serverUrl: wsUrl,
    user: { name: 'Ada', color: '#e11d48' },
    offline: false,
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    getToken,
  });
  registerTeardown(() => session.destroy());
  let connections = 0;
  session.provider.on('status', ({ status }: { status: string }) => {
    if (status === 'connected') connections++;
  });
  const until = (predicate: (s: CollaborationSnapshot) => boolean, message: string, timeout = 8000) =>
    waitFor(() => predicate(session.snapshot), { message, timeout });
  return { session, until, connections: () => connections };
}

const tokens = (lifetimeSec: number) => {
  const issued: string[] = [];
  const getToken = async () => {
    const jti = `ada-${issued.length + 1}`;
    const token = await signToken({ secret: SECRET, sub: 'ada', jti, docs: { notes: 'write' }, expiresIn: lifetimeSec });
    issued.push(token);
    return token;
  };
  return { getToken, issued };
};

describe('the editor session when its access changes', () => {
  it('hands each fresh token to the open connection, which outlives its first token without reconnecting', async () => {
    const { wsUrl } = await startServer({ config });
    // 8 s tokens: the next one is fetched after 5 s, and sent on the open connection.
    const ada = tokens(8);
    const { session, until, connections } = open(wsUrl, 'notes', ada.getToken);
    await until((s) => s.synced, 'synced');
    const firstExpiry = (decodeJwt(ada.issued[0] as string).exp ?? 0) * 1000;
    await waitFor(() => Date.now() > firstExpiry + 500, { timeout: 10_000, message: 'past the first token’s expiry' });
    expect(ada.issued.length).toBeGreaterThanOrEqual(2);
    expect(connections()).toBe(1);
    const watcher = connectClient(wsUrl, 'notes', { params: { token: await ada.getToken() } });
    await watcher.synced();
    session.doc.getText('t').insert(0, 'still on the first connection');
    await waitFor(() => watcher.doc.getText('t').toString() === 'still on the first connection', { message: 'the edit arrives' });
    expect(connections()).toBe(1);
    expect(session.snapshot.error).toBeNull();
  });

  it('a connection closed at its token’s expiry (4419) comes back with a fresh token', async () => {
    const { wsUrl } = await startServer({ config });
    // 2 s tokens: the refresh (at least 5 s later) comes after the server closed the connection.
    const ada = tokens(2);
    const { session, until, connections } = open(wsUrl, 'notes', ada.getToken);
    await until((s) => s.synced, 'synced');
    await waitFor(() => connections() === 2 && session.snapshot.synced, { message: 'reconnected with a fresh token' });
    expect(ada.issued.length).toBe(2);
    expect(session.snapshot.accessProblem).toBeNull();
    expect(session.snapshot.error).toBeNull();
  });

  it('downgraded by an administrator: read-only and told so; removed: stopped and told so', async () => {
    const { wsUrl, httpUrl } = await startServer({ config });
    const { session, until } = open(wsUrl, 'notes', tokens(600).getToken);
    await until((s) => s.synced, 'synced');
    expect(session.snapshot.accessChanged).toBeNull();
    const call = apiClient(httpUrl);
    await call('POST', '/api/revocations', { auth: admin.key, body: { sub: 'ada', access: 'read' } });
    await until((s) => s.readOnly && s.accessChanged === 'view-only', 'read-only, and told it changed');
    await call('POST', '/api/revocations', { auth: admin.key, body: { sub: 'ada', access: 'none' } });
    await until((s) => s.accessProblem === 'access-removed', 'access removed');
    expect(session.snapshot.error).toMatch(/access to this document was removed/);
    expect(session.provider.shouldConnect).toBe(false);
  });

  it('the token they hold revoked, but their rights still give the document (a role change that leaves it shared): a fresh token, and editing goes on', async () => {
    const { wsUrl, httpUrl } = await startServer({ config });
    const ada = tokens(600);
    const { session, until, connections } = open(wsUrl, 'notes', ada.getToken);
    await until((s) => s.synced, 'synced');
    const call = apiClient(httpUrl);
    const first = decodeJwt(ada.issued[0] as string).jti;
    expect((await call('POST', '/api/revocations', { auth: admin.key, body: { jti: first, access: 'none' } })).status).toBe(201);
    await waitFor(() => connections() === 2 && session.snapshot.synced, { message: 'reconnected with a fresh token' });
    expect(ada.issued.length).toBe(2);
    expect(session.snapshot.accessProblem).toBeNull();
    const watcher = connectClient(wsUrl, 'notes', { params: { token: await ada.getToken() } });
    await watcher.synced();
    session.doc.getText('t').insert(0, 'after the revocation');
    await waitFor(() => watcher.doc.getText('t').toString() === 'after the revocation', { message: 'the edit arrives' });
    // Revoked for the person (every token of theirs): the fresh token is refused too, and it stops.
    await call('POST', '/api/revocations', { auth: admin.key, body: { sub: 'ada', access: 'none' } });
    await until((s) => s.accessProblem === 'access-removed', 'access removed');
    expect(session.snapshot.error).toMatch(/access to this document was removed/);
    expect(session.provider.shouldConnect).toBe(false);
  });
});
