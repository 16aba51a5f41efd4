import type { IncomingMessage } from 'node:http';
import { accessForDoc } from '@tandem/tokens';
import type { RevocationList } from '../access/revocationList.js';
import type { TokenVerifier } from '../auth/createTokenVerifier.js';
import { HttpError } from '../httpError.js';
import { tokenFromRequest } from '../security/tokenFromRequest.js';
import { ApiKeys } from './apiKeys.js';

/** What a documents API request may do with one document. */
export type DocPermission = 'read' | 'write' | 'delete';

/** Who is asking, and what they may do. */
export interface ApiCaller {
  /** Stored as the author of what the caller writes: a token's `sub`, `apikey:<id>`; null in open mode. */
  author: string | null;
  /** The caller may do `permission` with `docName`. */
  may: (permission: DocPermission, docName: string) => boolean;
  /** Every document is readable (lists need no filtering). */
  readsAll: boolean;
  /** May manage access (revocations) and webhooks: an API key with the `admin` scope, or anyone in open mode. */
  admin: boolean;
}

const wwwAuthenticate = (reason: string) => ({
  'WWW-Authenticate': `Bearer realm="tandem", error="invalid_token", error_description="${reason.replace(/["\\]/g, '')}"`,
});

/**
 * The caller of a documents API request, from `Authorization: Bearer …` (or `?token=`): a token
 * (the same as the WebSocket's: its `docs` claim gives read or write, and write includes delete),
 * or an API key from the config (`tdk_…`, with scopes and documents of its own). Open mode lets
 * everyone do everything (an API key, if presented, must still be a configured one). Throws 401
 * with `WWW-Authenticate` when the credentials are missing or invalid. A token's access is limited
 * by the revocations in force, as on the WebSocket.
 */
export async function apiCaller(
  req: IncomingMessage,
  url: URL,
  verifier: TokenVerifier,
  keys: ApiKeys,
  revocations: RevocationList | null = null,
): Promise<ApiCaller> {
  const bearer = tokenFromRequest(req, url.searchParams);
  if (bearer !== null && ApiKeys.looksLikeKey(bearer)) {
    const key = keys.find(bearer);
    if (key === null) throw new HttpError(401, 'unknown API key', { headers: wwwAuthenticate('unknown API key') });
    const readsAll = key.scopes.has('docs:read') && key.docs.prefixes.some(([prefix]) => prefix === '');
    return {
      author: `apikey:${key.id}`,
      may: (permission, docName) => key.scopes.has(`docs:${permission}`) && accessForDoc(key.docs, docName) !== null,
      readsAll,
      admin: key.scopes.has('admin'),
    };
  }
  if (verifier.mode === 'open') return { author: null, may: () => true, readsAll: true, admin: true };
  const result = await verifier.authenticate(bearer);
  if (!result.ok) throw new HttpError(401, result.reason, { headers: wwwAuthenticate(result.reason) });
  const { docs, user, token } = result;
  const limit = (await revocations?.limiterFor(user === null || token === null ? null : { sub: user.sub, jti: token.jti })) ?? null;
  return {
    author: user?.sub ?? null,
    may: (permission, docName) => {
      const granted = accessForDoc(docs, docName);
      const access = limit === null ? granted : limit(docName, granted);
      return permission === 'read' ? access !== null : access === 'write';
    },
    readsAll: limit === null && docs.prefixes.some(([prefix]) => prefix === ''),
    admin: false,
  };
}
