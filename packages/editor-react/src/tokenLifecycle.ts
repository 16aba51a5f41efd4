/**
 * Pure helpers for the token the editor sends to the sync server (`?token=`): when it expires,
 * when to fetch the next one, and where to ask the server whether a token is accepted.
 */

/**
 * Thrown (or rejected) by a `getToken` callback when the answer is final: the user has no access
 * to the document, or must sign in again. The editor shows the message and stops retrying; any
 * other error counts as temporary (the token service is unreachable) and is retried.
 */
export class AccessDeniedError extends Error {
  override readonly name = 'AccessDeniedError';
  /** `sign-in-expired`: the user must sign in again; `access-denied`: no access to this document; `access-removed`: revoked while it was open. */
  readonly problem: AccessProblem;

  constructor(message: string, problem: AccessProblem = 'access-denied') {
    super(message);
    this.problem = problem;
  }
}

/** Why the editor stopped trying to connect. */
export type AccessProblem = 'access-denied' | 'access-removed' | 'sign-in-expired';

export function isAccessDenied(error: unknown): error is AccessDeniedError {
  return error instanceof AccessDeniedError || (error instanceof Error && error.name === 'AccessDeniedError');
}

/** The `exp` claim of a JWT in epoch milliseconds, read WITHOUT verifying it (the server verifies); null if absent or unreadable. */
export function tokenExpiresAt(token: string): number | null {
  const payload = token.split('.')[1];
  if (payload === undefined || payload === '') return null;
  try {
    const base64 = payload.replace(/-/g, '+').replace(/_/g, '/');
    const json = JSON.parse(atob(base64.padEnd(base64.length + ((4 - (base64.length % 4)) % 4), '='))) as { exp?: unknown };
    return typeof json.exp === 'number' && Number.isFinite(json.exp) ? json.exp * 1000 : null;
  } catch {
    return null;
  }
}

/** The most a token is refreshed ahead of its expiry. */
export const REFRESH_AHEAD_MS = 60_000;
/** Never refresh more often than this, whatever the token says. */
export const MIN_REFRESH_DELAY_MS = 5_000;

/**
 * How long to wait before fetching the next token: a minute before expiry, or half-way through a
 * lifetime shorter than two minutes; at least `MIN_REFRESH_DELAY_MS`. Null for a token without
 * `exp` (never refreshed on a timer).
 */
export function refreshDelayMs(expiresAt: number | null, now: number): number | null {
  if (expiresAt === null) return null;
  const left = expiresAt - now;
  return Math.max(MIN_REFRESH_DELAY_MS, left - Math.min(REFRESH_AHEAD_MS, left / 2));
}

/** `ws://host:port/base` → `http://host:port/base` (the sync server's HTTP API on the same port). */
export function httpBaseOf(serverUrl: string): string {
  return serverUrl.replace(/^ws(s?):\/\//, 'http$1://').replace(/\/+$/, '');
}

export type ProbeResult = 'ok' | 'unauthorized' | 'forbidden' | 'unreachable';

/**
 * A browser cannot see why a WebSocket upgrade failed (401, 403 and "server down" look alike), so
 * after a failed attempt the editor asks the server's HTTP API with the same token:
 * `GET /api/docs/<doc>?token=` answers 401 for a rejected token and 403 for no access to the doc.
 */
export async function probeAccess(serverUrl: string, docId: string, token: string, fetchImpl: typeof fetch = fetch): Promise<ProbeResult> {
  const url = `${httpBaseOf(serverUrl)}/api/docs/${encodeURIComponent(docId)}?token=${encodeURIComponent(token)}`;
  let status: number;
  try {
    status = (await fetchImpl(url, { cache: 'no-store' })).status;
  } catch {
    return 'unreachable';
  }
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  return status >= 500 ? 'unreachable' : 'ok';
}
