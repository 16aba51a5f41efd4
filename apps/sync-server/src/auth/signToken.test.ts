import { decodeJwt, decodeProtectedHeader } from 'jose';
import { describe, expect, it } from 'vitest';
import { defaultAuthConfig } from './authConfig.js';
import { createTokenVerifier } from './createTokenVerifier.js';
import { signToken } from './signToken.js';

const secret = 'demo-secret-demo-secret-demo-secret-42';

describe('signToken', () => {
  it('produces an HS256 token the verifier accepts with the given access', async () => {
    const token = await signToken({ secret, sub: 'u7', name: 'Grace', docs: { 'team-*': 'write', handbook: 'read' }, expiresIn: 60 });
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'HS256', typ: 'JWT' });
    const claims = decodeJwt(token);
    expect(claims.exp).toBe((claims.iat ?? 0) + 60);
    const verifier = await createTokenVerifier({ ...defaultAuthConfig, authSecret: secret });
    expect(await verifier.verify(token, 'team-1')).toEqual({ ok: true, access: 'write', user: { sub: 'u7', name: 'Grace' } });
    expect(await verifier.verify(token, 'handbook')).toMatchObject({ ok: true, access: 'read' });
    expect(await verifier.verify(token, 'elsewhere')).toMatchObject({ ok: false, status: 403 });
  });

  it('accepts jose time spans and leaves out an absent name', async () => {
    const token = await signToken({ secret, sub: 'u7', docs: {}, expiresIn: '2h' });
    const claims = decodeJwt(token);
    expect(claims.exp).toBe((claims.iat ?? 0) + 7200);
    expect('name' in claims).toBe(false);
  });

  it('refuses a short secret, an empty sub and a malformed docs map', async () => {
    await expect(signToken({ secret: 'short', sub: 'u', docs: {}, expiresIn: 60 })).rejects.toThrow(/at least 32 bytes/);
    await expect(signToken({ secret, sub: '', docs: {}, expiresIn: 60 })).rejects.toThrow(/sub must not be empty/);
    await expect(signToken({ secret, sub: 'u', docs: { 'a*b': 'read' }, expiresIn: 60 })).rejects.toThrow(/"\*" at its end/);
  });
});
