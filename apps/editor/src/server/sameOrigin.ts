/**
 * CSRF check for the app's own state-changing routes (better-auth checks its own): a browser says
 * where a request comes from (`Sec-Fetch-Site`, `Origin`); another site's page is refused. A
 * request without either is not from a browser page (curl, a server), which cookies do not ride on
 * unasked.
 */
export function fromOwnPages(request: Request, trustedOrigins: readonly string[] = []): boolean {
  const site = request.headers.get('sec-fetch-site');
  if (site === 'same-origin' || site === 'none') return true;
  const origin = request.headers.get('origin');
  if (origin === null) return site === null;
  const host = request.headers.get('x-forwarded-host') ?? request.headers.get('host');
  if (host !== null && (origin === `http://${host}` || origin === `https://${host}`)) return true;
  return trustedOrigins.some((pattern) => originMatches(origin, pattern));
}

function originMatches(origin: string, pattern: string): boolean {
  if (!pattern.includes('*')) return origin === pattern;
  const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*');
  return new RegExp(`^${escaped}$`).test(origin);
}

export function forbiddenCrossSite(): Response {
  return Response.json({ error: 'refused: the request came from another site' }, { status: 403 });
}
