import { issueToken, parseTokenRequest, TokenRequestError } from '@/auth/issueToken';
import { appServer } from '@/server/appServer';
import { accountFor } from '@/server/currentAccount';
import { forbiddenCrossSite, fromOwnPages } from '@/server/sameOrigin';
import { recordIssuedToken } from '@/workspace/issuedTokens';
import { rightsOf } from '@/workspace/rights';

/**
 * `POST /api/token` `{ docId? }` → `{ token, expiresAt, access }`: a ten-minute token for the sync
 * server, for the signed-in account (`sub` = its id, `name` its name), covering what its rights open
 * (its workspace's documents unless it is a guest, documents shared with it, links it opened that
 * still work), and what it gives on `docId`. 401 signed out, 400 a bad request, 403 a request from
 * another site, 404 in open mode (no AUTH_SECRET: no tokens needed).
 */
export async function POST(request: Request): Promise<Response> {
  const server = await appServer();
  const secret = server.config.authSecret;
  if (secret === null) return Response.json({ error: 'auth is off (open mode): no tokens needed' }, { status: 404 });
  if (!fromOwnPages(request, server.config.trustedOrigins)) return forbiddenCrossSite();
  const account = await accountFor(server, request.headers);
  if (account === null) return Response.json({ error: 'You are signed out: sign in again.' }, { status: 401 });
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return Response.json({ error: 'expected a JSON body' }, { status: 400 });
  }
  try {
    const parsed = parseTokenRequest(body);
    const now = Date.now();
    const rights = await rightsOf(server.database.db, account.user.id, now);
    const issued = await issueToken(secret, {
      holder: { id: account.user.id, name: account.user.name },
      rights: rights.docs,
      docId: parsed.docId,
    });
    await recordIssuedToken(server.database.db, { jti: issued.jti, userId: account.user.id, expiresAt: issued.expiresAt });
    const { jti: _jti, ...answer } = issued;
    return Response.json(answer, { headers: { 'Cache-Control': 'no-store' } });
  } catch (error) {
    if (error instanceof TokenRequestError) return Response.json({ error: error.message }, { status: error.status });
    throw error;
  }
}
