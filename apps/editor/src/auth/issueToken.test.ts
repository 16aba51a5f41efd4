import { createTokenVerifier, defaultAuthConfig } from '@tandem/sync-server';
import { describe, expect, it } from 'vitest';
import { AuthSecretError, readAuthSecret } from './authSecret';
import { creatorGrant, issueToken, parseTokenRequest, TOKEN_LIFETIME_SEC, TokenRequestError } from './issueToken';
import { signShareGrant } from './shareGrant';

const SECRET = 'app-test-secret-that-is-long-enough-for-hs256';

async function rejection(promise: Promise<unknown>): Promise<TokenRequestError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(TokenRequestError);
    return error as TokenRequestError;
  }
  throw new Error('expected a TokenRequestError');
}

describe('the token route’s logic', () => {
  it('issues a 10-minute token the sync server accepts, with the access of each grant', async () => {
    const verifier = await createTokenVerifier({ ...defaultAuthConfig, authSecret: SECRET });
    const issued = await issueToken(SECRET, {
      name: 'Ada Lovelace',
      grants: [creatorGrant(SECRET, 'mine'), { docId: 'shared', access: 'view', sig: signShareGrant(SECRET, 'shared', 'view') }],
    });
    expect(await verifier.verify(issued.token, 'mine')).toEqual({ ok: true, access: 'write', user: { sub: 'demo:Ada Lovelace', name: 'Ada Lovelace' } });
    expect(await verifier.verify(issued.token, 'shared')).toMatchObject({ ok: true, access: 'read' });
    expect(await verifier.verify(issued.token, 'other')).toMatchObject({ ok: false, status: 403 });
    expect(issued.expiresAt - Date.now()).toBeGreaterThan((TOKEN_LIFETIME_SEC - 5) * 1000);
    // Editors get both links to hand on, viewers only the view link.
    expect(Object.keys(issued.share.mine ?? {}).sort()).toEqual(['edit', 'view']);
    expect(issued.share.shared).toEqual({ view: signShareGrant(SECRET, 'shared', 'view') });
  });

  it('refuses a tampered grant with 403, or skips it for the document list', async () => {
    const promoted = { docId: 'shared', access: 'edit' as const, sig: signShareGrant(SECRET, 'shared', 'view') };
    expect((await rejection(issueToken(SECRET, { name: 'Eve', grants: [promoted] }))).status).toBe(403);
    const lenient = await issueToken(SECRET, { name: 'Eve', grants: [promoted, creatorGrant(SECRET, 'ok')], skipInvalid: true });
    expect(lenient.rejected).toEqual(['shared']);
    expect(Object.keys(lenient.share)).toEqual(['ok']);
  });

  it('validates the request body (400)', () => {
    for (const body of [null, 'x', {}, { name: '' }, { name: 'a'.repeat(41), grants: [] }, { name: 'Ada', grants: {} }, { name: 'Ada', grants: [{ docId: '../x', access: 'edit', sig: 's' }] }, { name: 'Ada', grants: [{ docId: 'ok', access: 'admin', sig: 's' }] }]) {
      let status: number | null = null;
      try {
        parseTokenRequest(body);
      } catch (error) {
        status = (error as TokenRequestError).status;
      }
      expect(status, JSON.stringify(body)).toBe(400);
    }
    expect(parseTokenRequest({ name: ' Ada ', grants: [] })).toEqual({ name: 'Ada', grants: [], skipInvalid: false });
  });

  it('AUTH_SECRET: unset is open mode; empty or short is an error naming the variable', () => {
    expect(readAuthSecret({})).toBeNull();
    expect(readAuthSecret({ AUTH_SECRET: SECRET })).toBe(SECRET);
    expect(() => readAuthSecret({ AUTH_SECRET: '' })).toThrow(AuthSecretError);
    expect(() => readAuthSecret({ AUTH_SECRET: 'short' })).toThrow(/AUTH_SECRET must be at least 32 bytes/);
  });
});
