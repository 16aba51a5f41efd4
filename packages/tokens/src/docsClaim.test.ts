import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { accessForDoc, type DocAccess, parseDocsClaim } from './docsClaim.js';

function claimOf(value: unknown) {
  const parsed = parseDocsClaim(value);
  if (!parsed.ok) throw new Error(`expected a valid claim: ${parsed.reason}`);
  return parsed.claim;
}

describe('accessForDoc', () => {
  const claim = claimOf({ 'team-*': 'write', handbook: 'read', 'team-secret*': 'read', 'team-secret-ok': 'write' });

  it('grants the access of an exact name', () => {
    expect(accessForDoc(claim, 'handbook')).toBe('read');
  });

  it('matches a prefix rule on any doc that starts with the prefix', () => {
    expect(accessForDoc(claim, 'team-notes')).toBe('write');
    expect(accessForDoc(claim, 'team-')).toBe('write');
  });

  it('lets the longest matching prefix win', () => {
    expect(accessForDoc(claim, 'team-secret-plans')).toBe('read');
  });

  it('lets an exact name beat every prefix', () => {
    expect(accessForDoc(claim, 'team-secret-ok')).toBe('write');
  });

  it('returns null when nothing matches', () => {
    expect(accessForDoc(claim, 'handbook-2')).toBeNull();
    expect(accessForDoc(claim, 'team')).toBeNull();
    expect(accessForDoc(claim, 'other')).toBeNull();
  });

  it('treats "*" alone as a catch-all with the lowest precedence', () => {
    const wide = claimOf({ '*': 'read', 'drafts/*': 'write', 'drafts/locked': 'read' });
    expect(accessForDoc(wide, 'anything')).toBe('read');
    expect(accessForDoc(wide, 'drafts/a')).toBe('write');
    expect(accessForDoc(wide, 'drafts/locked')).toBe('read');
  });

  it('never matches inherited object properties', () => {
    const empty = claimOf({});
    for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      expect(accessForDoc(empty, name)).toBeNull();
    }
    const proto = claimOf(JSON.parse('{"__proto__": "write"}'));
    expect(accessForDoc(proto, '__proto__')).toBe('write');
    expect(accessForDoc(proto, 'constructor')).toBeNull();
  });

  it('agrees with a brute-force reference on random claims', () => {
    const segment = fc.constantFrom('a', 'b', 'ab', '-', 'team', '/');
    const name = fc.array(segment, { minLength: 0, maxLength: 4 }).map((parts) => parts.join(''));
    const access = fc.constantFrom<DocAccess>('read', 'write');
    const key = fc
      .tuple(name, fc.boolean())
      .map(([n, star]) => (star ? `${n}*` : n))
      .filter((k) => k !== '');
    fc.assert(
      fc.property(
        fc.dictionary(key, access),
        name.filter((n) => n !== ''),
        (docs, doc) => {
          const reference = (): DocAccess | null => {
            if (Object.hasOwn(docs, doc) && !doc.endsWith('*')) return docs[doc] ?? null;
            let best: [number, DocAccess] | null = null;
            for (const [k, v] of Object.entries(docs)) {
              if (!k.endsWith('*')) continue;
              const prefix = k.slice(0, -1);
              if (doc.startsWith(prefix) && (best === null || prefix.length > best[0])) best = [prefix.length, v];
            }
            return best?.[1] ?? null;
          };
          expect(accessForDoc(claimOf(docs), doc)).toBe(reference());
        },
      ),
    );
  });
});

describe('parseDocsClaim', () => {
  it.each([
    ['a string', 'team-*'],
    ['an array', ['team-*']],
    ['null', null],
    ['a number', 42],
  ])('rejects %s', (_label, value) => {
    const parsed = parseDocsClaim(value);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason).toMatch(/docs claim must be an object/);
  });

  it('rejects access values other than "read" and "write"', () => {
    const parsed = parseDocsClaim({ handbook: 'admin' });
    expect(parsed).toEqual({ ok: false, reason: 'docs claim value for "handbook" must be "read" or "write"' });
    expect(parseDocsClaim({ handbook: true }).ok).toBe(false);
  });

  it('rejects a "*" anywhere but at the end, and empty or overlong keys', () => {
    expect(parseDocsClaim({ 'team-*-notes': 'read' })).toEqual({
      ok: false,
      reason: 'docs claim key "team-*-notes" may only have "*" at its end',
    });
    expect(parseDocsClaim({ '**': 'read' }).ok).toBe(false);
    expect(parseDocsClaim({ '': 'read' }).ok).toBe(false);
    expect(parseDocsClaim({ ['a'.repeat(202)]: 'read' }).ok).toBe(false);
    expect(parseDocsClaim({ ['a'.repeat(200)]: 'read', [`${'a'.repeat(200)}*`]: 'write' }).ok).toBe(true);
  });
});
