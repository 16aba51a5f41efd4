import { AccessDeniedError, CollaborationSession, type CollaborationSnapshot } from '@tandem/editor-react';
import { signToken } from '@tandem/sync-server';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { registerTeardown, startServer, waitFor } from '../src/helpers/index.js';

// The editor component's session (the same code as in the browser) against a real server, in Node.
const SECRET = 'editor-session-test-secret-long-enough-hs256';

function open(wsUrl: string, docId: string, options: { getToken?: () => Promise<string>; token?: string; readOnly?: boolean }) {
  const session = new CollaborationSession(docId, {
    serverUrl: wsUrl,
    user: { name: 'Ada', color: '#e11d48' },
    offline: false,
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    ...options,
  });
  registerTeardown(() => session.destroy());
  const until = (predicate: (s: CollaborationSnapshot) => boolean, message: string, timeout = 8000) =>
    waitFor(() => predicate(session.snapshot), { message, timeout });
  return { session, until };
}

const counting = (make: () => Promise<string>) => {
  const calls: number[] = [];
  const getToken = async () => {
    calls.push(Date.now());
    return make();
  };
  return { getToken, calls };
};

describe('the editor session with tokens', () => {
  it('fetches a token before connecting and a fresh one ahead of its expiry', async () => {
    const { wsUrl } = await startServer({ config: { authSecret: SECRET } });
    // 10 s tokens: the next one is fetched after 5 s (half-way, at least 5 s).
    const tokens = counting(() => signToken({ secret: SECRET, sub: 'ada', docs: { notes: 'write' }, expiresIn: 10 }));
    const { session, until } = open(wsUrl, 'notes', { getToken: tokens.getToken });
    await until((s) => s.synced, 'synced with the fetched token');
    expect(tokens.calls).toHaveLength(1);
    await waitFor(() => tokens.calls.length === 2, { timeout: 8000, message: 'a refresh ahead of expiry' });
    expect((tokens.calls[1] as number) - (tokens.calls[0] as number)).toBeGreaterThanOrEqual(4900);
    expect(session.provider.params.token).toBeDefined();
    expect(session.snapshot.accessProblem).toBeNull();
  });

  it('a rejected token is replaced once; when the fresh one is rejected too it stops and says so', async () => {
    const { wsUrl } = await startServer({ config: { authSecret: SECRET } });
    // The token service signs with a secret the server does not know (e.g. after a rotation).
    const tokens = counting(() =>
      signToken({ secret: 'a-different-secret-the-server-never-saw!', sub: 'ada', docs: { '*': 'write' }, expiresIn: 600 }),
    );
    const { session, until } = open(wsUrl, 'notes', { getToken: tokens.getToken });
    await until((s) => s.accessProblem === 'sign-in-expired', 'the rejection is reported');
    expect(session.snapshot.error).toMatch(/did not accept your sign-in/);
    expect(tokens.calls).toHaveLength(2);
    // Stopped for good: the provider will not try again.
    expect(session.provider.shouldConnect).toBe(false);
    await waitFor(() => session.provider.ws === null, { message: 'no socket left' });
  });

  it('no access to the document: stops after one probe, shown as access denied', async () => {
    const { wsUrl } = await startServer({ config: { authSecret: SECRET } });
    const tokens = counting(() => signToken({ secret: SECRET, sub: 'ada', docs: { 'other-*': 'write' }, expiresIn: 600 }));
    const { session, until } = open(wsUrl, 'notes', { getToken: tokens.getToken });
    await until((s) => s.accessProblem === 'access-denied', 'access denied is reported');
    expect(tokens.calls).toHaveLength(1);
    expect(session.provider.shouldConnect).toBe(false);
  });

  it('a fixed token that is rejected cannot be renewed: reported at once', async () => {
    const { wsUrl } = await startServer({ config: { authSecret: SECRET } });
    const expired = await signToken({ secret: SECRET, sub: 'ada', docs: { '*': 'write' }, expiresIn: -60 });
    const { until } = open(wsUrl, 'notes', { token: expired });
    await until((s) => s.accessProblem === 'sign-in-expired', 'reported');
  });

  it('getToken rejecting with AccessDeniedError: shown, never connected; other errors are retried', async () => {
    const { wsUrl } = await startServer({ config: { authSecret: SECRET } });
    const denied = open(wsUrl, 'notes', { getToken: async () => Promise.reject(new AccessDeniedError('This share link is not valid.')) });
    await denied.until((s) => s.accessProblem === 'access-denied', 'denied');
    expect(denied.session.snapshot.error).toBe('This share link is not valid.');
    expect(denied.session.provider.ws).toBeNull();

    let attempts = 0;
    const flaky = open(wsUrl, 'notes', {
      getToken: async () => {
        attempts++;
        if (attempts === 1) throw new TypeError('fetch failed');
        return signToken({ secret: SECRET, sub: 'ada', docs: { notes: 'write' }, expiresIn: 600 });
      },
    });
    await flaky.until((s) => s.synced, 'synced after a retry', 10_000);
    expect(attempts).toBe(2);
  });

  it('turns read-only when the server says so, and opens without durable acks when asked to be read-only', async () => {
    const { wsUrl } = await startServer({ config: { authSecret: SECRET } });
    const read = () => signToken({ secret: SECRET, sub: 'bob', docs: { notes: 'read' }, expiresIn: 600 });
    const told = open(wsUrl, 'notes', { getToken: read });
    await told.until((s) => s.readOnly && s.synced, 'read-only from the server’s notice');
    expect(told.session.snapshot.accessProblem).toBeNull();
    const asked = open(wsUrl, 'notes', { getToken: read, readOnly: true });
    expect(asked.session.snapshot.readOnly).toBe(true);
    await asked.until((s) => s.synced, 'synced');
    expect(asked.session.provider.params.ack).toBeUndefined();
  });
});
