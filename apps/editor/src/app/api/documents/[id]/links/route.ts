import { type DocumentRouteParams, documentRoute } from '@/server/documentRoute';
import { linkOrigin } from '@/server/requestOrigin';
import { jsonBody, refuse } from '@/server/routeAccount';
import { createShareLink } from '@/workspace/shareLinks';
import { isShareRole } from '@/workspace/shares';

const DAY_MS = 86_400_000;
const MAX_DAYS = 365;

/**
 * `POST /api/documents/{id}/links` `{ role: "editor" | "viewer", expiresInDays?: 1..365 | null, expiresAt?: epoch ms }`
 * → 201 `{ id, url, role, expiresAt }`: a link whoever opens it signed in gets `role` with, until it
 * expires (never when null), is revoked, or link sharing is turned off for the workspace. The url
 * (`/share/<token>`) is shown once: only the token's hash is kept. 409 when link sharing is off.
 */
export async function POST(request: Request, route: DocumentRouteParams): Promise<Response> {
  const found = await documentRoute(request, route, { changes: true });
  if (found.error) return found.error;
  const { server, account, target } = found;
  if (!target.canShare) return refuse(403, 'Only members of its workspace make links to a document.');
  if (target.inTrash) return refuse(409, 'It is in the trash: restore it first.');
  if (target.doc === null || target.workspace === null)
    return refuse(409, 'The app has no record of this document: open it once, then share it.');
  if (!target.workspace.linkSharing)
    return refuse(409, 'Link sharing is turned off for this workspace (an owner or admin can turn it on).');
  const body = await jsonBody(request);
  if (!isShareRole(body.role)) return refuse(400, '"role" must be "editor" or "viewer"');
  const now = Date.now();
  let expiresAt: number | null = null;
  if (typeof body.expiresAt === 'number') {
    if (!Number.isInteger(body.expiresAt) || body.expiresAt <= now || body.expiresAt > now + MAX_DAYS * DAY_MS) {
      return refuse(400, `"expiresAt" must be a time (epoch milliseconds) in the next ${MAX_DAYS} days`);
    }
    expiresAt = body.expiresAt;
  } else if (body.expiresInDays !== undefined && body.expiresInDays !== null) {
    const days = body.expiresInDays;
    if (typeof days !== 'number' || !Number.isInteger(days) || days < 1 || days > MAX_DAYS) {
      return refuse(400, `"expiresInDays" must be a whole number of days, 1 to ${MAX_DAYS}, or null (never)`);
    }
    expiresAt = now + days * DAY_MS;
  }
  const { link, token } = await createShareLink(server.database.db, {
    docId: target.docId,
    role: body.role,
    createdBy: account.user.id,
    expiresAt,
    now,
  });
  const url = `${linkOrigin(server.config.publicUrl, request)}/share/${token}`;
  return Response.json({ id: link.id, url, role: link.role, expiresAt }, { status: 201, headers: { 'Cache-Control': 'no-store' } });
}
