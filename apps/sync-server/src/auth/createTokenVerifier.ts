import { errors, type JWTPayload, type JWTVerifyGetKey, type JWTVerifyOptions, jwtVerify } from 'jose';
import type { AuthConfig } from '../config/authConfig.js';
import { accessForDoc, type DocAccess, type DocsClaim, parseDocsClaim } from '@tandem/tokens';
import { type AuthKeys, loadAuthKeys } from './loadAuthKeys.js';

export interface AuthUser {
  sub: string;
  /** The `name` claim, or `sub` when the token has none. */
  name: string;
}

/** What an accepted token says about itself (null in open mode, where there is no token). */
export interface TokenFacts {
  /** The `jti` claim (an administrator can revoke this one token), or null when it has none. */
  jti: string | null;
  /** The `exp` claim, in epoch milliseconds. */
  expiresAt: number;
}

/** The outcome of checking a token against one document. Neither failure may load the doc. */
export type AuthDecision =
  | { ok: true; access: DocAccess; user: AuthUser | null; token: TokenFacts | null }
  | { ok: false; status: 401 | 403; reason: string };

/** The outcome of checking a token alone (no document), e.g. to filter `/api/docs`. */
export type Authentication =
  | { ok: true; user: AuthUser | null; docs: DocsClaim; token: TokenFacts | null }
  | { ok: false; status: 401; reason: string };

export interface TokenVerifier {
  /** `open`: no key configured, every connection gets write access and `user: null`. */
  readonly mode: 'open' | 'required';
  authenticate(token: string | null): Promise<Authentication>;
  verify(token: string | null, docName: string): Promise<AuthDecision>;
}

/** Tokens longer than this are refused before any parsing. */
export const MAX_TOKEN_LENGTH = 8192;

const OPEN_DOCS: DocsClaim = { exact: new Map(), prefixes: [['', 'write']] };

/** Load the configured keys (once) and return a verifier bound to them. */
export async function createTokenVerifier(config: AuthConfig): Promise<TokenVerifier> {
  return tokenVerifierFromKeys(await loadAuthKeys(config), config);
}

export function tokenVerifierFromKeys(
  keys: AuthKeys,
  options: Pick<AuthConfig, 'authClockToleranceSec' | 'authMaxTokenLifetimeSec'>,
): TokenVerifier {
  if (keys.kind === 'none') {
    return {
      mode: 'open',
      authenticate: async () => ({ ok: true, user: null, docs: OPEN_DOCS, token: null }),
      verify: async () => ({ ok: true, access: 'write', user: null, token: null }),
    };
  }
  const verifyOptions: JWTVerifyOptions = {
    algorithms: keys.algorithms,
    clockTolerance: options.authClockToleranceSec,
    requiredClaims: ['exp'],
  };
  const checkSignature = (token: string): Promise<JWTPayload> =>
    keys.kind === 'jwks'
      ? verifyWithKeySet(token, keys.keySet, verifyOptions)
      : jwtVerify(token, keys.key, verifyOptions).then((result) => result.payload);

  const authenticate = async (token: string | null): Promise<Authentication> => {
    if (token === null || token === '') return unauthorized('missing token');
    if (token.length > MAX_TOKEN_LENGTH) return unauthorized('malformed token: too long');
    let payload: JWTPayload;
    try {
      payload = await checkSignature(token);
    } catch (error) {
      return unauthorized(reasonFor(error));
    }
    const tooLong = lifetimeProblem(payload, options.authMaxTokenLifetimeSec);
    if (tooLong !== null) return unauthorized(tooLong);
    const { sub, name } = payload;
    if (typeof sub !== 'string' || sub === '') return unauthorized('malformed token: "sub" must be a non-empty string');
    if (name !== undefined && typeof name !== 'string') return unauthorized('malformed token: "name" must be a string');
    if (payload.docs === undefined) return unauthorized('malformed token: no "docs" claim');
    if (payload.jti !== undefined && (typeof payload.jti !== 'string' || payload.jti === '')) {
      return unauthorized('malformed token: "jti" must be a non-empty string');
    }
    const docs = parseDocsClaim(payload.docs);
    if (!docs.ok) return unauthorized(`malformed token: ${docs.reason}`);
    const facts = { jti: payload.jti ?? null, expiresAt: (payload.exp as number) * 1000 };
    return { ok: true, user: { sub, name: name ?? sub }, docs: docs.claim, token: facts };
  };

  return {
    mode: 'required',
    authenticate,
    async verify(token, docName) {
      const result = await authenticate(token);
      if (!result.ok) return result;
      const access = accessForDoc(result.docs, docName);
      if (access === null) return { ok: false, status: 403, reason: 'token grants no access to this document' };
      return { ok: true, access, user: result.user, token: result.token };
    },
  };
}

/**
 * Verify against a key set. Several keys may match a token without `kid` (e.g. during a key
 * rotation); then each is tried and the first valid signature wins.
 */
async function verifyWithKeySet(token: string, keySet: JWTVerifyGetKey, options: JWTVerifyOptions): Promise<JWTPayload> {
  try {
    return (await jwtVerify(token, keySet, options)).payload;
  } catch (error) {
    if (!(error instanceof errors.JWKSMultipleMatchingKeys)) throw error;
    for await (const key of error) {
      try {
        return (await jwtVerify(token, key, options)).payload;
      } catch (inner) {
        if (!(inner instanceof errors.JWSSignatureVerificationFailed)) throw inner;
      }
    }
    throw new errors.JWSSignatureVerificationFailed();
  }
}

/**
 * Why the token lives too long, or null. Counted from its `iat`, or from now when it has none or
 * claims to be issued in the future (so a future `iat` cannot stretch the life left).
 */
function lifetimeProblem(payload: JWTPayload, maxSec: number): string | null {
  const now = Math.floor(Date.now() / 1000);
  const from = typeof payload.iat === 'number' ? Math.min(payload.iat, now) : now;
  const lifetime = (payload.exp as number) - from;
  if (lifetime <= maxSec) return null;
  return `token lifetime too long: exp is ${lifetime} s after ${typeof payload.iat === 'number' ? 'iat' : 'now'}, at most ${maxSec} s accepted (authMaxTokenLifetimeSec)`;
}

function unauthorized(reason: string): { ok: false; status: 401; reason: string } {
  return { ok: false, status: 401, reason };
}

/** Map jose's errors to a short reason; anything that is not a token problem propagates. */
function reasonFor(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'token expired';
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'nbf' && error.reason === 'check_failed') return 'token not yet valid';
    if (error.reason === 'missing') return `malformed token: no "${error.claim}" claim`;
    return `malformed token: invalid "${error.claim}" claim`;
  }
  if (error instanceof errors.JOSEAlgNotAllowed) return 'token algorithm not allowed';
  if (error instanceof errors.JOSENotSupported) return 'token algorithm not supported';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'bad token signature';
  if (error instanceof errors.JWKSNoMatchingKey) return 'no configured key matches the token';
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) return 'malformed token';
  if (error instanceof errors.JOSEError) return `token rejected (${error.code})`;
  throw error;
}
