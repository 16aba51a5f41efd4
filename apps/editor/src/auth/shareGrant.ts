import { createHmac, timingSafeEqual } from 'node:crypto';
import type { ShareAccess } from './access';

/**
 * Share links are capabilities: `/d/<id>?access=view&sig=<sig>` where `sig` is an HMAC of the doc
 * id and the access, keyed by a key derived from AUTH_SECRET (so a grant can never be confused
 * with a token signature). Changing `access=view` to `access=edit` invalidates the signature, so a
 * viewer cannot promote their own link. Server only. Grants do not expire: anyone with the link
 * keeps the access (as with "anyone with the link" sharing elsewhere); rotating AUTH_SECRET
 * revokes every link at once.
 */
const SIG_BYTES = 16; // 128 bits, 22 base64url characters

function grantKey(secret: string): Buffer {
  return createHmac('sha256', secret).update('tandem share grants v1').digest();
}

export function signShareGrant(secret: string, docId: string, access: ShareAccess): string {
  return createHmac('sha256', grantKey(secret)).update(`${access}\n${docId}`).digest().subarray(0, SIG_BYTES).toString('base64url');
}

export function verifyShareGrant(secret: string, docId: string, access: ShareAccess, sig: string): boolean {
  if (!/^[A-Za-z0-9_-]{22}$/.test(sig)) return false;
  const expected = Buffer.from(signShareGrant(secret, docId, access), 'base64url');
  const given = Buffer.from(sig, 'base64url');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
