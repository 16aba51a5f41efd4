import { signToken } from '@tandem/tokens';
import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../config/index.js';
import { createTokenVerifier } from './createTokenVerifier.js';

const secret = 'demo-secret-demo-secret-demo-secret-42';

// signToken lives in @tandem/tokens (its own tests there); here: the server accepts what it signs.
describe('tokens from @tandem/tokens signToken', () => {
  it('are accepted by the verifier with the access of their docs claim', async () => {
    const token = await signToken({ secret, sub: 'u7', name: 'Grace', docs: { 'team-*': 'write', handbook: 'read' }, expiresIn: 60 });
    expect(decodeJwt(token).sub).toBe('u7');
    const verifier = await createTokenVerifier({ ...defaultConfig, authSecret: secret });
    expect(await verifier.verify(token, 'team-1')).toMatchObject({ ok: true, access: 'write', user: { sub: 'u7', name: 'Grace' } });
    expect(await verifier.verify(token, 'handbook')).toMatchObject({ ok: true, access: 'read' });
    expect(await verifier.verify(token, 'elsewhere')).toMatchObject({ ok: false, status: 403 });
  });
});
