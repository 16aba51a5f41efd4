import { accessForDoc, type DocAccess, parseDocsClaim } from '@tandem/tokens';
import { jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { AuthSecretError, readAuthSecret } from './authSecret';
import { issueToken, parseTokenRequest, TOKEN_LIFETIME_SEC, type TokenRequestError } from './issueToken';

const SECRET = 'app-test-secret-that-is-long-enough-for-hs256';

/** Verifies an issued token as the sync server does with this secret: HS256, then the `docs` claim per document. */
async function verify(token: string, secret: string) {
  const { payload } = await jwtVerify(token, new TextEncoder().encode(secret), { algorithms: ['HS256'] });
  const docs = parseDocsClaim(payload.docs);
  if (!docs.ok) throw new Error(docs.reason);
  return {
    sub: payload.sub,
    name: payload.name,
    exp: payload.exp,
    iat: payload.iat,
    jti: payload.jti,
    access: (docId: string): DocAccess | null => accessForDoc(docs.claim, docId),
  };
}

const ADA = { id: 'user_ada', name: 'Ada Lovelace' };

describe('the token route’s logic', () => {
  it('issues a 10-minute token for the account (sub = its id) with exactly its rights, and says what it gives on the document asked about', async () => {
    const rights = { 'team1-*': 'write', 'other-shared': 'read', 'team1-narrowed': 'read' } as const;
    const issued = await issueToken(SECRET, { holder: ADA, rights, docId: 'other-shared' });
    // The server's own check of these tokens runs in the browser tests (tests/browser/security.test.ts).
    const verified = await verify(issued.token, SECRET);
    expect(verified).toMatchObject({ sub: 'user_ada', name: 'Ada Lovelace', jti: issued.jti });
    expect((verified.exp ?? 0) - (verified.iat ?? 0)).toBe(TOKEN_LIFETIME_SEC);
    expect(issued.access).toBe('read');
    // Each token has an id of its own (an administrator can revoke one).
    const again = await issueToken(SECRET, { holder: ADA, rights: {} });
    expect(verified.jti).toMatch(/^[0-9a-f-]{36}$/);
    expect((await verify(again.token, SECRET)).jti).not.toBe(verified.jti);
    expect(again.access).toBeNull();
    // As the sync server reads the claim: the exact name beats the prefix.
    expect(['team1-plan', 'other-shared', 'team1-narrowed', 'other-x'].map(verified.access)).toEqual(['write', 'read', 'read', null]);
    expect((await issueToken(SECRET, { holder: ADA, rights, docId: 'team1-plan' })).access).toBe('write');
    await expect(verify(issued.token, `${SECRET}-rotated`)).rejects.toThrow(/signature/);
    expect(issued.expiresAt - Date.now()).toBeGreaterThan((TOKEN_LIFETIME_SEC - 5) * 1000);
  });

  it('validates the request body (400)', () => {
    for (const body of [null, 'x', [], { docId: '../x' }, { docId: 5 }]) {
      let status: number | null = null;
      try {
        parseTokenRequest(body);
      } catch (error) {
        status = (error as TokenRequestError).status;
      }
      expect(status, JSON.stringify(body)).toBe(400);
    }
    expect(parseTokenRequest({})).toEqual({ docId: null });
    expect(parseTokenRequest({ docId: 'abc' })).toEqual({ docId: 'abc' });
  });

  it('AUTH_SECRET: unset is open mode; empty or short is an error naming the variable', () => {
    expect(readAuthSecret({})).toBeNull();
    expect(readAuthSecret({ AUTH_SECRET: SECRET })).toBe(SECRET);
    expect(() => readAuthSecret({ AUTH_SECRET: '' })).toThrow(AuthSecretError);
    expect(() => readAuthSecret({ AUTH_SECRET: 'short' })).toThrow(/AUTH_SECRET must be at least 32 bytes/);
  });
});
