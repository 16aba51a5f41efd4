import { readAuthSecret } from '@/auth/authSecret';
import { issueToken, parseTokenRequest, TokenRequestError } from '@/auth/issueToken';

/**
 * `POST /api/token` `{ name, grants: [{ docId, access, sig }] }` → `{ token, expiresAt, share }`:
 * a ten-minute token for the sync server covering the presented share grants. 400 for a bad
 * request, 403 for a grant whose signature does not match, 404 in open mode (no AUTH_SECRET).
 */
export async function POST(request: Request): Promise<Response> {
  const secret = readAuthSecret(process.env);
  if (secret === null) return Response.json({ error: 'auth is off (open mode): no tokens needed' }, { status: 404 });
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return Response.json({ error: 'expected a JSON body' }, { status: 400 });
  }
  try {
    const issued = await issueToken(secret, parseTokenRequest(body));
    return Response.json(issued, { headers: { 'Cache-Control': 'no-store' } });
  } catch (error) {
    if (error instanceof TokenRequestError) return Response.json({ error: error.message }, { status: error.status });
    throw error;
  }
}
