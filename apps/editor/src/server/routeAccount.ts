import type { AppServer } from './appServer';
import { appServer } from './appServer';
import { type Account, accountFor } from './currentAccount';
import { forbiddenCrossSite, fromOwnPages } from './sameOrigin';

/** A JSON error answer: `{ error }` with its status. */
export function refuse(status: number, error: string): Response {
  return Response.json({ error }, { status, headers: { 'Cache-Control': 'no-store' } });
}

/**
 * The signed-in account a route handler acts for, or the answer to give instead: 403 for a
 * state-changing request another site sent (CSRF), 401 when signed out.
 */
export async function routeAccount(
  request: Request,
  options: { changes: boolean },
): Promise<{ server: AppServer; account: Account; error?: undefined } | { error: Response }> {
  const server = await appServer();
  if (options.changes && !fromOwnPages(request, server.config.trustedOrigins)) return { error: forbiddenCrossSite() };
  const account = await accountFor(server, request.headers);
  if (account === null) return { error: refuse(401, 'You are signed out: sign in again.') };
  return { server, account };
}

/** A request's JSON body as an object (an empty object when there is none or it is not JSON). */
export async function jsonBody(request: Request): Promise<Record<string, unknown>> {
  const body: unknown = await request.json().catch(() => null);
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
}
