import { describe, expect, it } from 'vitest';
import { grantFromQuery, grantsOf, parseKeyring, shareLink, withGrant } from './keyring';

describe('the browser’s keyring of share grants', () => {
  it('keeps valid entries only', () => {
    const raw = JSON.stringify({ ok: { access: 'edit', sig: 's1' }, '../bad': { access: 'edit', sig: 's' }, weird: { access: 'admin', sig: 's' }, nosig: { access: 'view' } });
    expect(parseKeyring(raw)).toEqual({ ok: { access: 'edit', sig: 's1' } });
    expect(parseKeyring('not json')).toEqual({});
    expect(parseKeyring('[1]')).toEqual({});
    expect(parseKeyring(null)).toEqual({});
  });

  it('never downgrades an edit grant to view', () => {
    const edit = withGrant({}, { docId: 'd', access: 'edit', sig: 'e' });
    expect(withGrant(edit, { docId: 'd', access: 'view', sig: 'v' })).toBe(edit);
    const view = withGrant({}, { docId: 'd', access: 'view', sig: 'v' });
    expect(withGrant(view, { docId: 'd', access: 'edit', sig: 'e' })).toEqual(edit);
    expect(grantsOf(edit)).toEqual([{ docId: 'd', access: 'edit', sig: 'e' }]);
  });

  it('reads a share link’s grant and builds links', () => {
    expect(grantFromQuery('d', new URLSearchParams('access=view&sig=abc'))).toEqual({ docId: 'd', access: 'view', sig: 'abc' });
    expect(grantFromQuery('d', new URLSearchParams('access=owner&sig=abc'))).toBeNull();
    expect(grantFromQuery('d', new URLSearchParams('access=view'))).toBeNull();
    expect(shareLink('http://localhost:3000', 'a b', 'view', 'x-y_z')).toBe('http://localhost:3000/d/a%20b?access=view&sig=x-y_z');
  });
});
