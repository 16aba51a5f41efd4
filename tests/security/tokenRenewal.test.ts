import { encodeTokenRenewal } from '@tandem/protocol';
import { signToken } from '@tandem/sync-server';
import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { type Client, connectClient, startServer, waitFor } from '../src/helpers/index.js';
import { watchAccess } from '../src/helpers/watchAccess.js';

const SECRET = 'token-renewal-test-secret-long-enough!!';
// No clock tolerance: a connection ends at its token's `exp`.
const config = { authSecret: SECRET, authClockToleranceSec: 0 };
const sign = (sub: string, expiresIn: number, access: 'read' | 'write' | null = 'write') =>
  signToken({ secret: SECRET, sub, docs: access === null ? { 'elsewhere-*': 'write' } : { 'team-*': access }, expiresIn });
const text = (doc: Y.Doc) => doc.getText('t').toString();
const renew = (client: Client, token: string) => client.provider.ws?.send(encodeTokenRenewal(token));

describe('a fresh token on an open connection (token renewal, message 101)', () => {
  it('extends the connection past its first token; without one it is closed with 4419 when that token expires', async () => {
    const { wsUrl } = await startServer({ config });
    const short = await sign('ada', 2);
    const expiresAt = (decodeJwt(short).exp ?? 0) * 1000;
    const watcher = connectClient(wsUrl, 'team-notes', { params: { token: await sign('carol', 60) } });
    const lapsing = connectClient(wsUrl, 'team-notes', { params: { token: short } });
    const renewing = connectClient(wsUrl, 'team-notes', { params: { token: short } });
    const [lapsed, renewed] = [watchAccess(lapsing), watchAccess(renewing)];
    await Promise.all([watcher.synced(), lapsing.synced(), renewing.synced()]);
    renew(renewing, await sign('ada', 60));

    const closed = await waitFor(() => lapsed.closed, { timeout: 4000, message: 'the connection without a renewal is closed' });
    expect([closed.code, closed.reason]).toEqual([4419, 'token expired']);
    // Closed at its token's expiry (no clock tolerance), not before and not much later.
    expect(Date.now()).toBeGreaterThanOrEqual(expiresAt);
    expect(Date.now() - expiresAt).toBeLessThan(1000);
    await waitFor(() => lapsed.stopped, { message: 'a stock provider stops on 4419 (its token would be refused anyway)' });

    // The renewed one outlived the same first token, and still writes.
    renewing.doc.getText('t').insert(0, 'still here');
    await waitFor(() => text(watcher.doc) === 'still here', { message: "the renewed connection's edit arrives" });
    expect(renewed.closed).toBeNull();
    expect(renewing.provider.wsconnected).toBe(true);
  });

  it('applies the renewed access: read only makes a writer read-only, no access closes with 4403, a bad token or another user with 4401', async () => {
    const { wsUrl } = await startServer({ config });
    const open = async (sub: string) => {
      const client = connectClient(wsUrl, 'team-notes', { params: { token: await sign(sub, 60) } });
      const watch = watchAccess(client);
      await client.synced();
      return { client, watch };
    };
    const watcher = await open('carol');
    const [reader, outsider, forger, impostor] = [
      await open('reader'),
      await open('outsider'),
      await open('forger'),
      await open('impostor'),
    ];
    renew(reader.client, await sign('reader', 60, 'read'));
    renew(outsider.client, await sign('outsider', 60, null));
    renew(forger.client, `${await sign('forger', 60)}x`);
    renew(impostor.client, await sign('somebody-else', 60));

    await waitFor(() => reader.watch.readOnlyAt, { message: 'the reader is told it is read-only' });
    reader.client.doc.getText('t').insert(0, 'dropped');
    reader.client.provider.awareness.setLocalStateField('phase', 'after');
    await waitFor(
      () => (watcher.client.provider.awareness.getStates().get(reader.client.doc.clientID) as { phase?: string } | undefined)?.phase,
      {
        message: "the reader's later presence arrives (its edit before it was handled)",
      },
    );
    const late = connectClient(wsUrl, 'team-notes', { params: { token: await sign('late', 60) } });
    await late.synced();
    expect(text(late.doc)).toBe('');
    expect(reader.watch.closed).toBeNull();

    expect((await waitFor(() => outsider.watch.closed, { message: 'no access: closed' })).code).toBe(4403);
    expect((await waitFor(() => forger.watch.closed, { message: 'a bad token: closed' })).code).toBe(4401);
    expect((await waitFor(() => impostor.watch.closed, { message: 'another user: closed' })).code).toBe(4401);
    expect(watcher.watch.closed).toBeNull();
  });
});
