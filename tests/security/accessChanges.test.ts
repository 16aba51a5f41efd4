import { signToken } from '@tandem/sync-server';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { apiClient, field, makeApiKey } from '../documents-api/apiClient.js';
import { connectClient, connectRaw, loadStoredDoc, startServer, tryUpgrade, waitFor } from '../src/helpers/index.js';
import { watchAccess } from '../src/helpers/watchAccess.js';

const SECRET = 'access-changes-test-secret-long-enough!';
const admin = makeApiKey('admin', ['admin']);
const indexer = makeApiKey('indexer', ['docs:read']);
const config = { authSecret: SECRET, apiKeys: [admin.entry, indexer.entry] as never };
const tokenOf = (sub: string, options: { jti?: string; access?: 'read' | 'write' } = {}) =>
  signToken({
    secret: SECRET,
    sub,
    docs: { 'team-*': options.access ?? 'write' },
    expiresIn: '5m',
    ...(options.jti ? { jti: options.jti } : {}),
  });
const text = (doc: Y.Doc) => doc.getText('t').toString();

/** The text the server's room holds now (what it applied, whether stored yet or not). */
async function serverText(httpUrl: string, name: string): Promise<string> {
  const response = await fetch(`${httpUrl}/api/docs/${name}?format=yjs`, { headers: { Authorization: `Bearer ${indexer.key}` } });
  expect(response.status).toBe(200);
  const doc = new Y.Doc();
  Y.applyUpdate(doc, new Uint8Array(await response.arrayBuffer()));
  return text(doc);
}

describe('revoking access through the API (admin scope)', () => {
  it('downgrades and revokes open connections within 1 s, by user and by token; new connections and API calls follow; kept across a restart', async () => {
    const started = await startServer({ config });
    const { wsUrl, httpUrl } = started;
    const call = apiClient(httpUrl);
    const tokens = { ada: await tokenOf('ada'), bob: await tokenOf('bob'), carol: await tokenOf('carol') };
    const leaked = await tokenOf('dave', { jti: 'leaked' });
    const fresh = await tokenOf('dave', { jti: 'fresh' });
    const [ada, bob, carol, daveLeaked, daveFresh] = [tokens.ada, tokens.bob, tokens.carol, leaked, fresh].map((token) =>
      connectClient(wsUrl, 'team-plan', { params: { token } }),
    );
    const clients = { ada, bob, carol, daveLeaked, daveFresh } as Record<string, NonNullable<typeof ada>>;
    const watches = Object.fromEntries(Object.entries(clients).map(([who, client]) => [who, watchAccess(client)]));
    await Promise.all(Object.values(clients).map((client) => client.synced()));
    carol?.doc.getText('t').insert(0, 'carol writes');
    await waitFor(async () => (await started.store.getMeta('team-plan')) !== null, { message: "Carol's text is stored" });

    // Ada: write -> read.
    let sentAt = performance.now();
    const downgrade = await call('POST', '/api/revocations', {
      auth: admin.key,
      body: { sub: 'ada', access: 'read', reason: 'left the team' },
    });
    expect(downgrade.status).toBe(201);
    expect(field(downgrade, 'enforced')).toEqual({ closed: 0, madeReadOnly: 1 });
    await waitFor(() => watches.ada?.readOnlyAt, { message: 'Ada is told she is read-only' });
    expect((watches.ada?.readOnlyAt ?? Number.POSITIVE_INFINITY) - sentAt).toBeLessThan(1000);
    // What she types now is dropped: her awareness, sent after it on the same socket, is the barrier.
    clients.ada?.doc.getText('t').insert(0, 'typed after the downgrade ');
    clients.ada?.provider.awareness.setLocalStateField('phase', 'after');
    await waitFor(() => (bob?.provider.awareness.getStates().get(ada?.doc.clientID ?? 0) as { phase?: string } | undefined)?.phase, {
      message: "Ada's later presence reaches Bob",
    });
    expect(await serverText(httpUrl, 'team-plan')).toBe('carol writes');
    // She still reads live.
    carol?.doc.getText('t').insert(0, 'and more; ');
    await waitFor(() => text(ada?.doc ?? new Y.Doc()).includes('and more; '), { message: 'Ada still receives live edits' });
    expect(watches.ada?.closed).toBeNull();

    // Bob: no access at all.
    sentAt = performance.now();
    const revoke = await call('POST', '/api/revocations', { auth: admin.key, body: { sub: 'bob', access: 'none', docs: ['team-*'] } });
    expect(field(revoke, 'enforced')).toEqual({ closed: 1, madeReadOnly: 0 });
    const bobClosed = await waitFor(() => watches.bob?.closed, { message: 'Bob is closed' });
    expect(bobClosed.code).toBe(4403);
    expect(bobClosed.at - sentAt).toBeLessThan(1000);
    await waitFor(() => watches.bob?.stopped, { message: "Bob's provider stops retrying (44xx)" });

    // One token of Dave's: only that connection goes.
    await call('POST', '/api/revocations', { auth: admin.key, body: { jti: 'leaked', access: 'none' } });
    expect((await waitFor(() => watches.daveLeaked?.closed, { message: 'the leaked token is closed' })).code).toBe(4403);
    daveFresh?.doc.getText('t').insert(0, 'dave still writes; ');
    await waitFor(() => text(carol?.doc ?? new Y.Doc()).includes('dave still writes'), { message: "Dave's other token still writes" });
    expect(watches.daveFresh?.closed).toBeNull();
    expect(watches.carol?.closed).toBeNull();

    // New connections and API calls follow the revocations.
    expect((await tryUpgrade(wsUrl, 'team-plan', { params: { token: tokens.bob } })).status).toBe(403);
    expect((await tryUpgrade(wsUrl, 'team-plan', { params: { token: leaked } })).status).toBe(403);
    const adaRaw = await connectRaw(wsUrl, 'team-plan', { params: { token: tokens.ada } });
    await adaRaw.waitForMessage('syncStep1');
    expect(adaRaw.received[0]).toEqual({ kind: 'authPermissionDenied', reason: 'read-only' });
    adaRaw.close();
    expect((await call('GET', '/api/docs/team-plan', { auth: tokens.bob })).status).toBe(403);
    expect((await call('GET', '/api/docs/team-plan', { auth: tokens.ada })).status).toBe(200);
    expect((await call('POST', '/api/docs/team-plan/append', { auth: tokens.ada, body: { format: 'text', content: 'x' } })).status).toBe(
      403,
    );
    const bobsList = await call('GET', '/api/docs', { auth: tokens.bob });
    expect(field<{ name: string }[]>(bobsList, 'docs').map((doc) => doc.name)).not.toContain('team-plan');

    // Only an admin key manages them; bodies are checked.
    expect((await call('POST', '/api/revocations', { auth: indexer.key, body: { sub: 'carol', access: 'none' } })).status).toBe(403);
    expect((await call('POST', '/api/revocations', { auth: tokens.carol, body: { sub: 'carol', access: 'none' } })).status).toBe(403);
    expect((await call('GET', '/api/revocations')).status).toBe(401);
    const both = await call('POST', '/api/revocations', { auth: admin.key, body: { sub: 'x', jti: 'y', access: 'none' } });
    expect([both.status, field(both, 'error')]).toEqual([400, 'invalid request body: body: name exactly one of "sub" and "jti"']);
    expect((await call('POST', '/api/revocations', { auth: admin.key, body: { sub: 'x', access: 'write' } })).status).toBe(400);
    const listed = field<{ id: string; sub: string | null }[]>(await call('GET', '/api/revocations', { auth: admin.key }), 'revocations');
    expect(listed.map((entry) => entry.sub)).toEqual([null, 'bob', 'ada']);
    expect(watches.carol?.closed).toBeNull();

    // Kept across a restart.
    await started.stop();
    expect(text((await loadStoredDoc(started.dataDir, 'team-plan'))?.doc ?? new Y.Doc())).not.toContain('typed after the downgrade');
    const restarted = await startServer({ config, dataDir: started.dataDir });
    expect((await tryUpgrade(restarted.wsUrl, 'team-plan', { params: { token: tokens.bob } })).status).toBe(403);
    const adaAgain = await connectRaw(restarted.wsUrl, 'team-plan', { params: { token: tokens.ada } });
    await adaAgain.waitForMessage('syncStep1');
    expect(adaAgain.received[0]).toEqual({ kind: 'authPermissionDenied', reason: 'read-only' });

    // Lifted: Bob is let in again.
    const bobsId = listed.find((entry) => entry.sub === 'bob')?.id ?? '';
    const callAgain = apiClient(restarted.httpUrl);
    expect((await callAgain('DELETE', `/api/revocations/${bobsId}`, { auth: admin.key })).status).toBe(200);
    expect((await callAgain('DELETE', `/api/revocations/${bobsId}`, { auth: admin.key })).status).toBe(404);
    expect((await tryUpgrade(restarted.wsUrl, 'team-plan', { params: { token: tokens.bob } })).status).toBe(101);
  });
});
