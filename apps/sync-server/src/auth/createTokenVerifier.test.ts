import { base64url, importPKCS8 } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLAIMS, denied, expectGarbageRejected, now, rsa, SECRET, secretKey, sign, verifierFor } from '../fixtures/tokenVerifierFixture.js';
import { MAX_TOKEN_LENGTH, type TokenVerifier } from './createTokenVerifier.js';

// Open mode and HS256 with a shared secret; the public key and JWKS files are in tokenKeyFiles.test.ts.

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

describe('authenticate', () => {
  it('checks the token without a doc, exposing the docs claim for filtering', async () => {
    const verifier = await verifierFor({ authSecret: SECRET });
    const result = await verifier.authenticate(await sign(secretKey(), 'HS256'));
    expect(result.ok).toBe(true);
    if (result.ok) expect([...result.docs.exact.keys()]).toEqual(['handbook']);
    expect(await verifier.authenticate(null)).toEqual(denied(401, 'missing token'));
  });
});
