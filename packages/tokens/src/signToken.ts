import { SignJWT } from 'jose';
import { type DocAccess, parseDocsClaim } from './docsClaim.js';

export interface SignTokenOptions {
  /** The same shared secret as the server's `authSecret` (at least 32 bytes of UTF-8). */
  secret: string;
  sub: string;
  name?: string;
  /** Doc name or `prefix*` → access, e.g. `{ "team-*": "write", "handbook": "read" }`. */
  docs: Record<string, DocAccess>;
  /** Lifetime: seconds, or a jose time span such as `"15m"` or `"2h"`. */
  expiresIn: number | string;
  /** The token's id (`jti`), by which an administrator can revoke this one token. */
  jti?: string;
}

/**
 * Sign an HS256 Tandem token (for tests and the demo token route). Browser- and edge-safe: jose
 * only, no Node APIs. Production setups should prefer EdDSA/RS256 with the private key kept by
 * the identity service.
 */
export async function signToken(options: SignTokenOptions): Promise<string> {
  const key = new TextEncoder().encode(options.secret);
  if (key.byteLength < 32) throw new TypeError('signToken: secret must be at least 32 bytes');
  if (options.sub === '') throw new TypeError('signToken: sub must not be empty');
  if (options.jti === '') throw new TypeError('signToken: jti must not be empty');
  const docs = parseDocsClaim(options.docs);
  if (!docs.ok) throw new TypeError(`signToken: ${docs.reason}`);
  const expiresIn = typeof options.expiresIn === 'number' ? `${options.expiresIn}s` : options.expiresIn;
  const claims: Record<string, unknown> = { docs: options.docs };
  if (options.name !== undefined) claims.name = options.name;
  // jose reads the clock for `iat` and again for a relative `exp`: both are taken within one second,
  // so that `exp - iat` is exactly the lifetime asked for.
  for (;;) {
    const second = Math.floor(Date.now() / 1000);
    const jwt = new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(options.sub)
      .setIssuedAt(second)
      .setExpirationTime(expiresIn);
    if (options.jti !== undefined) jwt.setJti(options.jti);
    if (Math.floor(Date.now() / 1000) === second) return jwt.sign(key);
  }
}
