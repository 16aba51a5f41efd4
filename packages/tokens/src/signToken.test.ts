import { decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { accessForDoc, parseDocsClaim } from './docsClaim.js';
import { signToken } from './signToken.js';

const secret = 'demo-secret-demo-secret-demo-secret-42';

describe('signToken', () => {
  it('produces an HS256 token, verifiable with the secret, whose docs claim grants the given access', async () => {
    const token = await signToken({ secret, sub: 'u7', name: 'Grace', docs: { 'team-*': 'write', handbook: 'read' }, expiresIn: 60 });
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'HS256', typ: 'JWT' });
    const { payload } = await jwtVerify(token, new TextEncoder().encode(secret), { algorithms: ['HS256'] });
    expect(payload).toMatchObject({ sub: 'u7', name: 'Grace' });
    expect(payload.exp).toBe((payload.iat ?? 0) + 60);
    const parsed = parseDocsClaim(payload.docs);
    if (!parsed.ok) throw new Error(parsed.reason);
    expect(accessForDoc(parsed.claim, 'team-1')).toBe('write');
    expect(accessForDoc(parsed.claim, 'handbook')).toBe('read');
    expect(accessForDoc(parsed.claim, 'elsewhere')).toBeNull();
    await expect(jwtVerify(token, new TextEncoder().encode(`${secret}-other`))).rejects.toThrow(/signature/);
  });

  it('accepts jose time spans and leaves out an absent name', async () => {
    const token = await signToken({ secret, sub: 'u7', docs: {}, expiresIn: '2h' });
    const claims = decodeJwt(token);
    expect(claims.exp).toBe((claims.iat ?? 0) + 7200);
    expect('name' in claims).toBe(false);
    expect('jti' in claims).toBe(false);
  });

  it('sets the jti it is given', async () => {
    const token = await signToken({ secret, sub: 'u7', docs: {}, expiresIn: 60, jti: 'token-42' });
    expect(decodeJwt(token).jti).toBe('token-42');
    await expect(signToken({ secret, sub: 'u', docs: {}, expiresIn: 60, jti: '' })).rejects.toThrow(/jti must not be empty/);
  });

  it('refuses a short secret, an empty sub and a malformed docs map', async () => {
    await expect(signToken({ secret: 'short', sub: 'u', docs: {}, expiresIn: 60 })).rejects.toThrow(/at least 32 bytes/);
    await expect(signToken({ secret, sub: '', docs: {}, expiresIn: 60 })).rejects.toThrow(/sub must not be empty/);
    await expect(signToken({ secret, sub: 'u', docs: { 'a*b': 'read' }, expiresIn: 60 })).rejects.toThrow(/"\*" at its end/);
  });
});
