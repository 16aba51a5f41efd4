import { generateKeyPairSync } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { signToken } from '@tandem/sync-server';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { connectClient, makeTempDir, startServer, tryUpgrade, waitFor } from '../src/helpers/index.js';

const SECRET = 'test-secret-that-is-long-enough-for-hs256!';
const now = () => Math.floor(Date.now() / 1000);

/** A token signed with `key` (the server's secret by default) and arbitrary claims and header. */
function craft(claims: Record<string, unknown>, options: { key?: string; header?: Record<string, unknown> } = {}): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'HS256', ...options.header }).sign(new TextEncoder().encode(options.key ?? SECRET));
}

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

async function storedState(store: { load(name: string): Promise<{ update: Uint8Array } | null> }, name: string) {
  const loaded = await store.load(name);
  return loaded === null ? null : Buffer.from(loaded.update).toString('base64');
}

describe('tokens at the WebSocket upgrade (HS256)', () => {
  it('answers every bad token with 401, a token without access with 403, and loads or stores nothing', async () => {
    const { wsUrl, server, store } = await startServer({ config: { authSecret: SECRET } });

    // A stored doc that the failures must leave exactly as it is.
    const writerToken = await signToken({ secret: SECRET, sub: 'ada', docs: { 'team-*': 'write' }, expiresIn: '5m' });
    const writer = connectClient(wsUrl, 'team-notes', { params: { token: writerToken } });
    await writer.synced();
    writer.doc.getText('text').insert(0, 'the original');
    await waitFor(async () => (await store.getMeta('team-notes')) !== null, { message: 'the doc is stored' });
    writer.destroy();
    await waitFor(() => server.stats().rooms === 0, { message: 'the room unloads' });
    const before = await storedState(store, 'team-notes');

    const failures: [label: string, token: string | null, status: number, reason: RegExp][] = [
      ['missing', null, 401, /missing token/],
      ['empty', '', 401, /missing token/],
      ['malformed', 'not-a-jwt', 401, /malformed token/],
      ['three garbage segments', 'a.b.c', 401, /malformed token/],
      [
        'badly signed',
        await craft({ sub: 'eve', exp: now() + 60, docs: { '*': 'write' } }, { key: 'another-secret-that-is-also-long-enough' }),
        401,
        /bad token signature/,
      ],
      [
        'alg none',
        `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ sub: 'eve', exp: now() + 60, docs: { '*': 'write' } })}.`,
        401,
        /not allowed|malformed/,
      ],
      [
        'alg HS512',
        await craft({ sub: 'eve', exp: now() + 60, docs: { '*': 'write' } }, { header: { alg: 'HS512' } }).catch(() => 'x'),
        401,
        /.+/,
      ],
      ['expired', await craft({ sub: 'ada', exp: now() - 60, docs: { '*': 'write' } }), 401, /token expired/],
      ['not yet valid', await craft({ sub: 'ada', nbf: now() + 600, exp: now() + 900, docs: { '*': 'write' } }), 401, /not yet valid/],
      ['no exp', await craft({ sub: 'ada', docs: { '*': 'write' } }), 401, /"exp"/],
      ['no sub', await craft({ exp: now() + 60, docs: { '*': 'write' } }), 401, /"sub"/],
      ['no docs claim', await craft({ sub: 'ada', exp: now() + 60 }), 401, /"docs"/],
      ['bad docs claim', await craft({ sub: 'ada', exp: now() + 60, docs: { 'team-*': 'admin' } }), 401, /docs claim/],
      [
        'lives too long (a year, over the 24 h default)',
        await signToken({ secret: SECRET, sub: 'ada', docs: { '*': 'write' }, expiresIn: '365d' }),
        401,
        /token lifetime too long: .*authMaxTokenLifetimeSec/,
      ],
      [
        'valid, other docs only',
        await signToken({ secret: SECRET, sub: 'bob', docs: { handbook: 'read', 'sales-*': 'write' }, expiresIn: 60 }),
        403,
        /no access/,
      ],
    ];
    for (const [label, token, status, reason] of failures) {
      for (const doc of ['team-notes', 'team-brand-new']) {
        const attempt = await tryUpgrade(wsUrl, doc, token === null ? {} : { params: { token } });
        expect(attempt.status, `${label} → ${doc}`).toBe(status);
        expect(JSON.parse(attempt.body).error, label).toMatch(reason);
        if (status === 401) expect(attempt.headers['www-authenticate'], label).toMatch(/^Bearer /);
        expect(server.stats(), label).toEqual({ rooms: 0, connections: 0 });
      }
    }

    expect(await storedState(store, 'team-notes')).toBe(before);
    expect((await store.list({})).docs.map((doc) => doc.name)).toEqual(['team-notes']);
    // The same token that was refused for "sales-*" is fine for its own docs.
    const bob = await signToken({ secret: SECRET, sub: 'bob', docs: { 'sales-*': 'write' }, expiresIn: 60 });
    expect((await tryUpgrade(wsUrl, 'sales-q3', { params: { token: bob } })).status).toBe(101);
  });

  it('authMaxTokenLifetimeSec: a longer-lived token is refused with 401 and the log says why', async () => {
    const { wsUrl, httpUrl, logs } = await startServer({ config: { authSecret: SECRET, authMaxTokenLifetimeSec: 600, logLevel: 'info' } });
    const long = await signToken({ secret: SECRET, sub: 'ada', docs: { '*': 'write' }, expiresIn: '1h' });
    const attempt = await tryUpgrade(wsUrl, 'notes', { params: { token: long } });
    expect(attempt.status).toBe(401);
    expect(JSON.parse(attempt.body).error).toBe(
      'token lifetime too long: exp is 3600 s after iat, at most 600 s accepted (authMaxTokenLifetimeSec)',
    );
    expect(logs.find((line) => line.msg === 'upgrade refused: token')).toMatchObject({
      level: 40,
      status: 401,
      reason: expect.stringMatching(/lifetime too long/),
    });
    expect((await fetch(`${httpUrl}/api/docs`, { headers: { Authorization: `Bearer ${long}` } })).status).toBe(401);
    const short = await signToken({ secret: SECRET, sub: 'ada', docs: { '*': 'write' }, expiresIn: '10m' });
    expect((await tryUpgrade(wsUrl, 'notes', { params: { token: short } })).status).toBe(101);
  });

  it('accepts the token in an Authorization header too (non-browser clients)', async () => {
    const { wsUrl } = await startServer({ config: { authSecret: SECRET } });
    const token = await signToken({ secret: SECRET, sub: 'bot', docs: { '*': 'read' }, expiresIn: 60 });
    expect((await tryUpgrade(wsUrl, 'anything', { headers: { Authorization: `Bearer ${token}` } })).status).toBe(101);
    expect((await tryUpgrade(wsUrl, 'anything', { headers: { Authorization: 'Bearer nope' } })).status).toBe(401);
  });
});

describe('asymmetric keys', () => {
  it('EdDSA with a PEM public key; an HS256 token "signed" with that public key is refused', async () => {
    const dir = await makeTempDir('tandem-keys-');
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const file = join(dir, 'public.pem');
    await writeFile(file, pem);
    const { wsUrl } = await startServer({ config: { authPublicKeyFile: file } });

    const good = await new SignJWT({ docs: { handbook: 'write' } })
      .setProtectedHeader({ alg: 'EdDSA' })
      .setSubject('ada')
      .setExpirationTime('1m')
      .sign(privateKey);
    expect((await tryUpgrade(wsUrl, 'handbook', { params: { token: good } })).status).toBe(101);

    const confused = await craft({ sub: 'eve', exp: now() + 60, docs: { '*': 'write' } }, { key: pem });
    expect((await tryUpgrade(wsUrl, 'handbook', { params: { token: confused } })).status).toBe(401);
    const otherKey = generateKeyPairSync('ed25519').privateKey;
    const forged = await new SignJWT({ docs: { '*': 'write' } })
      .setProtectedHeader({ alg: 'EdDSA' })
      .setSubject('eve')
      .setExpirationTime('1m')
      .sign(otherKey);
    expect((await tryUpgrade(wsUrl, 'handbook', { params: { token: forged } })).status).toBe(401);
  });

  it('RS256 with a JWKS file (key rotation: either key works)', async () => {
    const dir = await makeTempDir('tandem-keys-');
    const [old, current] = await Promise.all([
      generateKeyPair('RS256', { extractable: true }),
      generateKeyPair('RS256', { extractable: true }),
    ]);
    const keys = [
      { ...(await exportJWK(old.publicKey)), kid: 'old', alg: 'RS256', use: 'sig' },
      { ...(await exportJWK(current.publicKey)), kid: 'current', alg: 'RS256', use: 'sig' },
    ];
    const file = join(dir, 'jwks.json');
    await writeFile(file, JSON.stringify({ keys }));
    const { wsUrl } = await startServer({ config: { authJwksFile: file } });
    for (const [kid, key] of [
      ['old', old.privateKey],
      ['current', current.privateKey],
    ] as const) {
      const token = await new SignJWT({ docs: { '*': 'read' } })
        .setProtectedHeader({ alg: 'RS256', kid })
        .setSubject('ada')
        .setExpirationTime('1m')
        .sign(key);
      expect((await tryUpgrade(wsUrl, 'doc', { params: { token } })).status, kid).toBe(101);
    }
    const stranger = await generateKeyPair('RS256');
    const forged = await new SignJWT({ docs: { '*': 'write' } })
      .setProtectedHeader({ alg: 'RS256', kid: 'current' })
      .setSubject('eve')
      .setExpirationTime('1m')
      .sign(stranger.privateKey);
    expect((await tryUpgrade(wsUrl, 'doc', { params: { token: forged } })).status).toBe(401);
  });
});

describe('HTTP API with auth on: names and titles do not leak', () => {
  it('filters /api/docs, /api/docs/:name and /api/events by the bearer token', async () => {
    const { wsUrl, httpUrl, store } = await startServer({ config: { authSecret: SECRET } });
    const admin = await signToken({ secret: SECRET, sub: 'admin', docs: { '*': 'write' }, expiresIn: 60 });
    for (const name of ['team-a', 'team-b', 'secret-plans']) {
      const client = connectClient(wsUrl, name, { params: { token: admin } });
      await client.synced();
      client.doc.getText('title').insert(0, `Title of ${name}`);
    }
    await waitFor(async () => (await store.list({})).docs.length === 3, { message: 'three docs stored' });

    const reader = await signToken({ secret: SECRET, sub: 'bob', docs: { 'team-*': 'read' }, expiresIn: 60 });
    const get = (path: string, init: RequestInit = {}) => fetch(`${httpUrl}${path}`, init);

    expect((await get('/api/docs')).status).toBe(401);
    expect((await get('/api/docs', { headers: { Authorization: 'Bearer garbage' } })).status).toBe(401);
    const listed = (await (await get('/api/docs', { headers: { Authorization: `Bearer ${reader}` } })).json()) as {
      docs: { name: string }[];
    };
    expect(listed.docs.map((d) => d.name).sort()).toEqual(['team-a', 'team-b']);
    expect(((await (await get(`/api/docs?token=${reader}`)).json()) as { docs: unknown[] }).docs).toHaveLength(2);

    expect((await get('/api/docs/team-a', { headers: { Authorization: `Bearer ${reader}` } })).status).toBe(200);
    // 403 whether or not the doc exists: the answer does not reveal it.
    const hidden = await get('/api/docs/secret-plans', { headers: { Authorization: `Bearer ${reader}` } });
    const unknown = await get('/api/docs/no-such-doc', { headers: { Authorization: `Bearer ${reader}` } });
    expect([hidden.status, unknown.status]).toEqual([403, 403]);
    expect(await hidden.text()).not.toContain('Title of');
    expect((await get('/api/events')).status).toBe(401);

    // SSE: activity and doc events only for docs the token can read.
    const events = new AbortController();
    const response = await fetch(`${httpUrl}/api/events?token=${reader}`, { signal: events.signal });
    expect(response.status).toBe(200);
    const reader$ = response.body?.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    const pump = (async () => {
      for (;;) {
        const chunk = await reader$?.read().catch(() => ({ done: true, value: undefined }));
        if (!chunk || chunk.done) return;
        text += chunk.value;
      }
    })();
    const editors = ['team-a', 'secret-plans'].map((name) => connectClient(wsUrl, name, { params: { token: admin } }));
    await Promise.all(editors.map((client) => client.synced()));
    for (const client of editors) client.doc.getText('title').insert(0, 'New ');
    await waitFor(() => text.includes('"New Title of team-a"') && text.includes('"team-a","connections":1'), { message: 'team-a events' });
    events.abort();
    await pump;
    expect(text).not.toContain('secret-plans');
    expect(text).not.toContain('Title of secret');
  });

  it('open mode stays open: everything listed without a token', async () => {
    const { wsUrl, httpUrl } = await startServer();
    const client = connectClient(wsUrl, 'open-doc');
    await client.synced();
    client.doc.getText('text').insert(0, 'x');
    await waitFor(async () => ((await (await fetch(`${httpUrl}/api/docs`)).json()) as { docs: unknown[] }).docs.length === 1, {
      message: 'listed without a token',
    });
    expect((await fetch(`${httpUrl}/api/docs/open-doc`)).status).toBe(200);
  });
});
