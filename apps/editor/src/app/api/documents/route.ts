import { readAuthSecret } from '@/auth/authSecret';
import { creatorGrant } from '@/auth/issueToken';
import { newDocId } from '@/docs/newDocId';

/**
 * `POST /api/documents` → `{ docId, grant }`: a fresh, unguessable document id, and (with auth on)
 * the edit grant that makes the caller its first editor. The id is chosen here, not by the
 * browser, so nobody can claim a grant for a name that someone else already uses.
 */
export async function POST(): Promise<Response> {
  const secret = readAuthSecret(process.env);
  const docId = newDocId();
  return Response.json({ docId, grant: secret === null ? null : creatorGrant(secret, docId) }, { headers: { 'Cache-Control': 'no-store' } });
}
