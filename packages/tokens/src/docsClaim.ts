/**
 * The `docs` claim of a Tandem token: which documents the bearer may open, and how.
 *
 *   { "team-*": "write", "handbook": "read", "*": "read" }
 *
 * A key is an exact doc name, or a prefix ending in `*` (the only place a `*` may appear); `"*"`
 * alone matches every doc. For a given doc the exact name wins over any prefix, and among prefixes
 * the longest match wins, so `{"team-*": "write", "team-secret*": "read"}` gives read on
 * `team-secret-plans` and write on `team-notes`. No matching key means no access.
 *
 * Pure and browser-safe: the editor may use it to show read-only state from a token it holds.
 */
export type DocAccess = 'read' | 'write';

export interface DocsClaim {
  readonly exact: ReadonlyMap<string, DocAccess>;
  /** Prefix rules without the trailing `*`, longest first. */
  readonly prefixes: readonly (readonly [prefix: string, access: DocAccess])[];
}

export type ParsedDocsClaim = { ok: true; claim: DocsClaim } | { ok: false; reason: string };

const MAX_KEY_LENGTH = 201; // a 200-char doc name, or a 200-char prefix plus `*`

export function parseDocsClaim(value: unknown): ParsedDocsClaim {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, reason: 'docs claim must be an object mapping doc names to "read" or "write"' };
  }
  const exact = new Map<string, DocAccess>();
  const prefixes: [string, DocAccess][] = [];
  // Object.entries lists own enumerable keys only, including a JSON "__proto__" key, and never
  // anything inherited; lookups go through the Map, so names like "constructor" cannot match.
  for (const [key, access] of Object.entries(value)) {
    if (access !== 'read' && access !== 'write') {
      return { ok: false, reason: `docs claim value for ${JSON.stringify(key)} must be "read" or "write"` };
    }
    if (key.length === 0 || key.length > MAX_KEY_LENGTH) {
      return { ok: false, reason: `docs claim key must be 1-${MAX_KEY_LENGTH} characters` };
    }
    const star = key.indexOf('*');
    if (star === -1) {
      exact.set(key, access);
    } else if (star === key.length - 1) {
      prefixes.push([key.slice(0, -1), access]);
    } else {
      return { ok: false, reason: `docs claim key ${JSON.stringify(key)} may only have "*" at its end` };
    }
  }
  prefixes.sort((a, b) => b[0].length - a[0].length);
  return { ok: true, claim: { exact, prefixes } };
}

/** The access a claim grants to `docName`, or null when no key matches. */
export function accessForDoc(claim: DocsClaim, docName: string): DocAccess | null {
  const exact = claim.exact.get(docName);
  if (exact !== undefined) return exact;
  for (const [prefix, access] of claim.prefixes) {
    if (docName.startsWith(prefix)) return access;
  }
  return null;
}
