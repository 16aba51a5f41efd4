import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { base64url, exportJWK, importPKCS8, importSPKI, type JWTPayload, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AuthConfig, defaultConfig } from '../config/index.js';
import { type AuthDecision, createTokenVerifier, MAX_TOKEN_LENGTH, type TokenVerifier } from './createTokenVerifier.js';

const SECRET = 'a-test-secret-that-is-long-enough-0123456789';
const edPair = () =>
  generateKeyPairSync('ed25519', {
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
const rsaPair = (modulusLength: number) =>
  generateKeyPairSync('rsa', {
    modulusLength,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
const ed = edPair();
const ed2 = edPair();
const edStranger = edPair();
const rsa = rsaPair(2048);

const now = () => Math.floor(Date.now() / 1000);
const DOCS = { 'team-*': 'write', handbook: 'read' };
const CLAIMS = { sub: 'u1', name: 'Ada', docs: DOCS };

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tandem-auth-verify-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function verifierFor(config: Partial<AuthConfig>): Promise<TokenVerifier> {
  return createTokenVerifier({ ...defaultConfig, ...config });
}

async function pemFile(name: string, pem: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, pem);
  return path;
}

type Key = Uint8Array | Awaited<ReturnType<typeof importPKCS8>>;
const secretKey = (secret = SECRET) => new TextEncoder().encode(secret);

/** Sign a token; `exp` defaults to one hour ahead, `undefined` values drop the claim. */
async function sign(key: Key, alg: string, claims: Record<string, unknown> = CLAIMS, header: Record<string, unknown> = {}) {
  const payload: JWTPayload = { exp: now() + 3600, ...claims };
  for (const [k, v] of Object.entries(payload)) if (v === undefined) delete payload[k];
  return new SignJWT(payload).setProtectedHeader({ alg, ...header }).sign(key);
}

const denied = (status: 401 | 403, reason: string | RegExp) =>
  expect.objectContaining({ ok: false, status, reason: typeof reason === 'string' ? reason : expect.stringMatching(reason) });

/** Random strings and random JOSE-looking tokens (real alg names, kids, junk signatures) are all 401s. */
async function expectGarbageRejected(verifier: TokenVerifier): Promise<void> {
  const header = fc
    .record({ alg: fc.constantFrom('HS256', 'RS256', 'EdDSA', 'Ed25519', 'none', 'ES256', 7), kid: fc.option(fc.string()) })
    .map((h) => base64url.encode(JSON.stringify(h)));
  const segment = fc.oneof(
    fc.string(),
    fc.jsonValue().map((value) => base64url.encode(JSON.stringify(value))),
    header,
  );
  const jose = fc.tuple(
    header,
    segment,
    fc.oneof(
      fc.string(),
      fc.uint8Array().map((b) => base64url.encode(b)),
    ),
  );
  const token = fc.oneof(
    fc.string(),
    fc.array(segment, { minLength: 1, maxLength: 5 }).map((parts) => parts.join('.')),
    jose.map((parts) => parts.join('.')),
  );
  await fc.assert(
    fc.asyncProperty(token, async (candidate) => {
      const decision: AuthDecision = await verifier.verify(candidate, 'handbook');
      expect(decision.ok).toBe(false);
      if (!decision.ok) expect(decision.status).toBe(401);
    }),
    { numRuns: 300 },
  );
}

describe('open mode', () => {
  it('lets everyone write, with or without a token', async () => {
    const verifier = await verifierFor({});
    expect(verifier.mode).toBe('open');
    expect(await verifier.verify(null, 'any')).toEqual({ ok: true, access: 'write', user: null, token: null });
    expect(await verifier.verify('garbage', 'any')).toEqual({ ok: true, access: 'write', user: null, token: null });
  });
});

describe('HS256 with a shared secret', () => {
  let verifier: TokenVerifier;
  beforeAll(async () => {
    verifier = await verifierFor({ authSecret: SECRET });
  });

  it('grants the access of the docs claim and reports the user', async () => {
    const token = await sign(secretKey(), 'HS256');
    expect(verifier.mode).toBe('required');
    expect(await verifier.verify(token, 'team-notes')).toMatchObject({ ok: true, access: 'write', user: { sub: 'u1', name: 'Ada' } });
    expect(await verifier.verify(token, 'handbook')).toMatchObject({ ok: true, access: 'read', user: { sub: 'u1', name: 'Ada' } });
  });

  it("reports the token's jti and expiry (for revocations and for closing the connection when it expires)", async () => {
    const exp = Math.floor(Date.now() / 1000) + 120;
    const withJti = await sign(secretKey(), 'HS256', { ...CLAIMS, jti: 'token-7', exp });
    expect(await verifier.verify(withJti, 'team-notes')).toMatchObject({ ok: true, token: { jti: 'token-7', expiresAt: exp * 1000 } });
    const without = await sign(secretKey(), 'HS256', { ...CLAIMS, exp });
    expect(await verifier.verify(without, 'team-notes')).toMatchObject({ ok: true, token: { jti: null, expiresAt: exp * 1000 } });
    const badJti = await sign(secretKey(), 'HS256', { ...CLAIMS, jti: 7 });
    expect(await verifier.verify(badJti, 'team-notes')).toEqual(denied(401, 'malformed token: "jti" must be a non-empty string'));
  });

  it('uses sub as the name when the token has no name', async () => {
    const token = await sign(secretKey(), 'HS256', { ...CLAIMS, name: undefined });
    expect(await verifier.verify(token, 'handbook')).toMatchObject({ ok: true, user: { sub: 'u1', name: 'u1' } });
  });

  it('answers 403, not 401, for a valid token without access to the doc', async () => {
    const token = await sign(secretKey(), 'HS256');
    expect(await verifier.verify(token, 'payroll')).toEqual(denied(403, 'token grants no access to this document'));
    const none = await sign(secretKey(), 'HS256', { ...CLAIMS, docs: {} });
    expect(await verifier.verify(none, 'team-notes')).toEqual(denied(403, /no access/));
  });

  it('answers 401 for a missing or empty token', async () => {
    expect(await verifier.verify(null, 'handbook')).toEqual(denied(401, 'missing token'));
    expect(await verifier.verify('', 'handbook')).toEqual(denied(401, 'missing token'));
  });

  it('answers 401 for malformed tokens', async () => {
    for (const token of ['abc', 'a.b.c', 'a.b', '....', 'x'.repeat(MAX_TOKEN_LENGTH + 1)]) {
      expect(await verifier.verify(token, 'handbook'), token.slice(0, 30)).toEqual(denied(401, /^malformed token/));
    }
  });

  it('answers 401 for a bad signature and for a tampered payload', async () => {
    const other = await sign(secretKey(`${SECRET}-but-different`), 'HS256');
    expect(await verifier.verify(other, 'handbook')).toEqual(denied(401, 'bad token signature'));
    const unsigned = await sign(secretKey(), 'HS256');
    expect(await verifier.verify(`${unsigned.slice(0, unsigned.lastIndexOf('.'))}.`, 'handbook')).toEqual(
      denied(401, 'bad token signature'),
    );
    const [header, , signature] = (await sign(secretKey(), 'HS256')).split('.');
    const forged = base64url.encode(JSON.stringify({ ...CLAIMS, exp: now() + 3600, docs: { '*': 'write' } }));
    expect(await verifier.verify(`${header}.${forged}.${signature}`, 'payroll')).toEqual(denied(401, 'bad token signature'));
  });

  it('answers 401 for a hand-crafted alg "none" token', async () => {
    const header = base64url.encode(JSON.stringify({ alg: 'none', typ: 'JWT' }));
    const payload = base64url.encode(JSON.stringify({ ...CLAIMS, exp: now() + 3600 }));
    expect(await verifier.verify(`${header}.${payload}.`, 'handbook')).toEqual(denied(401, 'token algorithm not allowed'));
    const upper = base64url.encode(JSON.stringify({ alg: 'NONE' }));
    expect((await verifier.verify(`${upper}.${payload}.`, 'handbook')).ok).toBe(false);
  });

  it('answers 401 for a token signed with another algorithm', async () => {
    const rs = await sign(await importPKCS8(rsa.privateKey, 'RS256'), 'RS256');
    expect(await verifier.verify(rs, 'handbook')).toEqual(denied(401, 'token algorithm not allowed'));
    const hs512 = await sign(secretKey(), 'HS512');
    expect(await verifier.verify(hs512, 'handbook')).toEqual(denied(401, 'token algorithm not allowed'));
  });

  it('answers 401 for an expired token and a token not yet valid', async () => {
    const expired = await sign(secretKey(), 'HS256', { ...CLAIMS, exp: now() - 60 });
    expect(await verifier.verify(expired, 'handbook')).toEqual(denied(401, 'token expired'));
    const early = await sign(secretKey(), 'HS256', { ...CLAIMS, nbf: now() + 60 });
    expect(await verifier.verify(early, 'handbook')).toEqual(denied(401, 'token not yet valid'));
  });

  it('applies the clock tolerance to exp and nbf', async () => {
    const justExpired = await sign(secretKey(), 'HS256', { ...CLAIMS, exp: now() - 2 });
    const almostValid = await sign(secretKey(), 'HS256', { ...CLAIMS, nbf: now() + 2 });
    expect((await verifier.verify(justExpired, 'handbook')).ok).toBe(true);
    expect((await verifier.verify(almostValid, 'handbook')).ok).toBe(true);
    const strict = await verifierFor({ authSecret: SECRET, authClockToleranceSec: 0 });
    expect(await strict.verify(justExpired, 'handbook')).toEqual(denied(401, 'token expired'));
    expect(await strict.verify(almostValid, 'handbook')).toEqual(denied(401, 'token not yet valid'));
  });

  it('answers 401 for a token that lives longer than authMaxTokenLifetimeSec (24 h by default), from iat or from now', async () => {
    const day = 24 * 3600;
    const cases: [Record<string, unknown>, boolean][] = [
      [{ ...CLAIMS, iat: now(), exp: now() + day }, true],
      [{ ...CLAIMS, iat: now() - day + 60, exp: now() + 60 }, true],
      [{ ...CLAIMS, exp: now() + day - 10 }, true],
      [{ ...CLAIMS, iat: now(), exp: now() + day + 60 }, false],
      // A year-long token issued long ago, and one without iat: both too long.
      [{ ...CLAIMS, iat: now() - 300 * day, exp: now() + 65 * day }, false],
      [{ ...CLAIMS, exp: now() + 30 * day }, false],
      // An iat in the future cannot stretch the life left.
      [{ ...CLAIMS, iat: now() + 10 * day, exp: now() + 10 * day + 3600 }, false],
    ];
    for (const [claims, ok] of cases) {
      const decision = await verifier.verify(await sign(secretKey(), 'HS256', claims), 'handbook');
      if (ok) expect(decision.ok, JSON.stringify(claims)).toBe(true);
      else
        expect(decision, JSON.stringify(claims)).toEqual(
          denied(401, /^token lifetime too long: exp is \d+ s after (iat|now), at most 86400 s accepted \(authMaxTokenLifetimeSec\)$/),
        );
    }
    const short = await verifierFor({ authSecret: SECRET, authMaxTokenLifetimeSec: 600 });
    expect(await short.verify(await sign(secretKey(), 'HS256', { ...CLAIMS, exp: now() + 900 }), 'handbook')).toEqual(
      denied(401, /at most 600 s/),
    );
    expect((await short.verify(await sign(secretKey(), 'HS256', { ...CLAIMS, exp: now() + 500 }), 'handbook')).ok).toBe(true);
  });

  it('answers 401 when a required claim is missing or of the wrong shape', async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ ...CLAIMS, exp: undefined }, /no "exp" claim/],
      [{ ...CLAIMS, exp: 'tomorrow' }, /invalid "exp" claim/],
      [{ ...CLAIMS, sub: undefined }, /"sub" must be a non-empty string/],
      [{ ...CLAIMS, sub: 7 }, /"sub"|malformed/],
      [{ ...CLAIMS, name: ['Ada'] }, /"name" must be a string/],
      [{ ...CLAIMS, docs: undefined }, /no "docs" claim/],
      [{ ...CLAIMS, docs: ['handbook'] }, /docs claim must be an object/],
      [{ ...CLAIMS, docs: { handbook: 'admin' } }, /must be "read" or "write"/],
      [{ ...CLAIMS, docs: { 'a*b': 'read' } }, /may only have "\*" at its end/],
    ];
    for (const [claims, reason] of cases) {
      const token = await sign(secretKey(), 'HS256', claims);
      const decision = await verifier.verify(token, 'handbook');
      expect(decision, JSON.stringify(claims)).toEqual(denied(401, reason));
      expect((decision as { reason: string }).reason).toMatch(/^malformed token/);
    }
  });

  it('never throws on arbitrary input: every garbage token is a 401', async () => {
    await expectGarbageRejected(verifier);
  });
});

describe('public key file', () => {
  it('verifies EdDSA tokens against an Ed25519 PEM', async () => {
    const verifier = await verifierFor({ authPublicKeyFile: await pemFile('ed.pem', ed.publicKey) });
    const privateKey = await importPKCS8(ed.privateKey, 'EdDSA');
    expect(await verifier.verify(await sign(privateKey, 'EdDSA'), 'team-a')).toMatchObject({ ok: true, access: 'write' });
    expect(await verifier.verify(await sign(privateKey, 'Ed25519'), 'team-a')).toMatchObject({ ok: true, access: 'write' });
    const stranger = await sign(await importPKCS8(edStranger.privateKey, 'EdDSA'), 'EdDSA');
    expect(await verifier.verify(stranger, 'team-a')).toEqual(denied(401, 'bad token signature'));
    const rs = await sign(await importPKCS8(rsa.privateKey, 'RS256'), 'RS256');
    expect(await verifier.verify(rs, 'team-a')).toEqual(denied(401, 'token algorithm not allowed'));
  });

  it('answers 401, never throws, for garbage against an RSA PEM', async () => {
    await expectGarbageRejected(await verifierFor({ authPublicKeyFile: await pemFile('rsa-fuzz.pem', rsa.publicKey) }));
  });

  it('verifies RS256 tokens against an RSA PEM', async () => {
    const verifier = await verifierFor({ authPublicKeyFile: await pemFile('rsa.pem', rsa.publicKey) });
    const privateKey = await importPKCS8(rsa.privateKey, 'RS256');
    expect(await verifier.verify(await sign(privateKey, 'RS256'), 'handbook')).toMatchObject({ ok: true, access: 'read' });
    expect(await verifier.verify(await sign(privateKey, 'RS256'), 'payroll')).toEqual(denied(403, /no access/));
    const expired = await sign(privateKey, 'RS256', { ...CLAIMS, exp: now() - 60 });
    expect(await verifier.verify(expired, 'handbook')).toEqual(denied(401, 'token expired'));
  });

  it('rejects algorithm confusion: HS256 signed with the public key text', async () => {
    const verifier = await verifierFor({ authPublicKeyFile: await pemFile('rsa2.pem', rsa.publicKey) });
    for (const secret of [rsa.publicKey, rsa.publicKey.trim()]) {
      const confused = await sign(new TextEncoder().encode(secret), 'HS256');
      expect(await verifier.verify(confused, 'handbook')).toEqual(denied(401, 'token algorithm not allowed'));
    }
  });
});

describe('JWKS file', () => {
  async function jwksVerifier(name: string, keys: object[]): Promise<TokenVerifier> {
    return verifierFor({ authJwksFile: await pemFile(name, JSON.stringify({ keys })) });
  }
  const jwkOf = async (pem: string, alg: string) => exportJWK(await importSPKI(pem, alg, { extractable: true }));

  it('verifies EdDSA and RS256 tokens by kid', async () => {
    const verifier = await jwksVerifier('kid.json', [
      { ...(await jwkOf(ed.publicKey, 'EdDSA')), kid: 'ed-1' },
      { ...(await jwkOf(rsa.publicKey, 'RS256')), kid: 'rsa-1' },
    ]);
    const edToken = await sign(await importPKCS8(ed.privateKey, 'EdDSA'), 'EdDSA', CLAIMS, { kid: 'ed-1' });
    const rsToken = await sign(await importPKCS8(rsa.privateKey, 'RS256'), 'RS256', CLAIMS, { kid: 'rsa-1' });
    expect(await verifier.verify(edToken, 'team-x')).toMatchObject({ ok: true, access: 'write' });
    expect(await verifier.verify(rsToken, 'handbook')).toMatchObject({ ok: true, access: 'read' });
    const unknownKid = await sign(await importPKCS8(ed.privateKey, 'EdDSA'), 'EdDSA', CLAIMS, { kid: 'ed-9' });
    expect(await verifier.verify(unknownKid, 'team-x')).toEqual(denied(401, 'no configured key matches the token'));
    const hs = await sign(secretKey(), 'HS256');
    expect(await verifier.verify(hs, 'team-x')).toEqual(denied(401, 'token algorithm not allowed'));
  });

  it('answers 401, never throws, for garbage against a key set', async () => {
    await expectGarbageRejected(
      await jwksVerifier('fuzz.json', [
        await jwkOf(ed.publicKey, 'EdDSA'),
        await jwkOf(ed2.publicKey, 'EdDSA'),
        await jwkOf(rsa.publicKey, 'RS256'),
      ]),
    );
  });

  it('tries every matching key when tokens carry no kid (key rotation)', async () => {
    const verifier = await jwksVerifier('rotation.json', [await jwkOf(ed.publicKey, 'EdDSA'), await jwkOf(ed2.publicKey, 'EdDSA')]);
    const oldToken = await sign(await importPKCS8(ed.privateKey, 'EdDSA'), 'EdDSA');
    const newToken = await sign(await importPKCS8(ed2.privateKey, 'EdDSA'), 'EdDSA');
    expect(await verifier.verify(oldToken, 'handbook')).toMatchObject({ ok: true, access: 'read' });
    expect(await verifier.verify(newToken, 'handbook')).toMatchObject({ ok: true, access: 'read' });
    const stranger = await sign(await importPKCS8(edStranger.privateKey, 'EdDSA'), 'EdDSA');
    expect(await verifier.verify(stranger, 'handbook')).toEqual(denied(401, 'bad token signature'));
    const expired = await sign(await importPKCS8(ed2.privateKey, 'EdDSA'), 'EdDSA', { ...CLAIMS, exp: now() - 60 });
    expect(await verifier.verify(expired, 'handbook')).toEqual(denied(401, 'token expired'));
  });
});

describe('authenticate', () => {
  it('checks the token without a doc, exposing the docs claim for filtering', async () => {
    const verifier = await verifierFor({ authSecret: SECRET });
    const result = await verifier.authenticate(await sign(secretKey(), 'HS256'));
    expect(result.ok).toBe(true);
    if (result.ok) expect([...result.docs.exact.keys()]).toEqual(['handbook']);
    expect(await verifier.authenticate(null)).toEqual(denied(401, 'missing token'));
  });
});
