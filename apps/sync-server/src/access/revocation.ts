import { accessForDoc, type DocAccess, type DocsClaim, parseDocsClaim } from '@tandem/tokens';

/** What a revocation leaves of the access a token grants: nothing, or reading. */
export type RevokedAccess = 'none' | 'read';

/**
 * An administrator's decision about a user's tokens (`sub`) or one token (`jti`): on the documents
 * `docs` (names, or prefixes ending in `*`; `"*"` is every document), their access is at most
 * `access`, whatever the token says. It holds until it is lifted.
 */
export interface Revocation {
  id: string;
  /** Every token of this user; null when the revocation names one token. */
  sub: string | null;
  /** This one token; null when the revocation names a user. */
  jti: string | null;
  access: RevokedAccess;
  docs: string[];
  reason: string | null;
  /** Epoch milliseconds. */
  createdAt: number;
  /** Who made it (the API key's author name), null in open mode. */
  createdBy: string | null;
}

/** Who holds a token, as revocations name them. */
export interface TokenIdentity {
  sub: string;
  jti: string | null;
}

/** A revocation with its `docs` parsed once, for matching. */
export interface CompiledRevocation {
  revocation: Revocation;
  docs: DocsClaim;
}

export function compileRevocation(revocation: Revocation): CompiledRevocation {
  const parsed = parseDocsClaim(Object.fromEntries(revocation.docs.map((pattern) => [pattern, 'write'])));
  if (!parsed.ok) throw new Error(`revocation ${revocation.id}: ${parsed.reason}`);
  return { revocation, docs: parsed.claim };
}

/** The revocation applies to this identity's tokens (by user or by token id) on `docName`. */
export function revocationApplies(compiled: CompiledRevocation, identity: TokenIdentity, docName: string): boolean {
  const { sub, jti } = compiled.revocation;
  const names = (sub !== null && sub === identity.sub) || (jti !== null && jti === identity.jti);
  return names && accessForDoc(compiled.docs, docName) !== null;
}

/** The revocation names this identity on some document (so lists of documents must be checked one by one). */
export function revocationNames(compiled: CompiledRevocation, identity: TokenIdentity): boolean {
  const { sub, jti } = compiled.revocation;
  return (sub !== null && sub === identity.sub) || (jti !== null && jti === identity.jti);
}

/** The access left of `granted` under `cap` (null: none at all). */
export function limitAccess(granted: DocAccess | null, cap: RevokedAccess | null): DocAccess | null {
  if (granted === null || cap === 'none') return null;
  if (cap === 'read') return 'read';
  return granted;
}
