import { describe, expect, it } from 'vitest';
import { signShareGrant, verifyShareGrant } from './shareGrant';

const SECRET = 'app-test-secret-that-is-long-enough-for-hs256';

describe('share grants', () => {
  it('verify for exactly the doc and access they were signed for', () => {
    const view = signShareGrant(SECRET, 'notes', 'view');
    expect(view).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(verifyShareGrant(SECRET, 'notes', 'view', view)).toBe(true);
    // A viewer editing the link: access=edit with the view signature.
    expect(verifyShareGrant(SECRET, 'notes', 'edit', view)).toBe(false);
    expect(verifyShareGrant(SECRET, 'notes2', 'view', view)).toBe(false);
    expect(verifyShareGrant('another-secret-that-is-long-enough-too!!', 'notes', 'view', view)).toBe(false);
  });

  it('refuses malformed signatures without throwing', () => {
    const edit = signShareGrant(SECRET, 'notes', 'edit');
    for (const sig of ['', 'x', `${edit}A`, edit.slice(1), '!'.repeat(22), `${edit.slice(0, 21)}=`]) {
      expect(verifyShareGrant(SECRET, 'notes', 'edit', sig), sig).toBe(false);
    }
  });
});
