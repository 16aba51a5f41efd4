import { type DocumentRouteParams, documentRoute } from '@/server/documentRoute';
import { narrowOpenAccess } from '@/server/narrowOpenAccess';
import { jsonBody, refuse } from '@/server/routeAccount';
import { seesWholeWorkspace } from '@/workspace/roles';
import { findPerson, sharingOf } from '@/workspace/sharingOf';
import { isShareRole, shareDocument } from '@/workspace/shares';

/**
 * `POST /api/documents/{id}/shares` `{ person: "<name or email>", role: "editor" | "viewer" }`:
 * shares the document with someone of the workspace (a guest opens it from then on; a member finds
 * it under "Shared with me"). Sharing again changes the role; lowering it to viewer makes their open
 * editors view-only at once. 201 `{ userId, name, role }`; 404 nobody of that name or email in the
 * workspace; 409 two people of that name; 400 a viewer share for a member (members edit everything).
 */
export async function POST(request: Request, route: DocumentRouteParams): Promise<Response> {
  const found = await documentRoute(request, route, { changes: true });
  if (found.error) return found.error;
  const { server, account, target } = found;
  if (!target.canShare) return refuse(403, 'Only members of its workspace share a document.');
  if (target.inTrash) return refuse(409, 'It is in the trash: restore it first.');
  const body = await jsonBody(request);
  if (typeof body.person !== 'string' || body.person.trim() === '') return refuse(400, '"person" must be a name or an email');
  if (!isShareRole(body.role)) return refuse(400, '"role" must be "editor" or "viewer"');
  const role = body.role;
  const { db } = server.database;
  const now = Date.now();
  const sharing = await sharingOf(db, target, now);
  const match = findPerson(sharing.candidates, body.person);
  if ('problem' in match) {
    return match.problem === 'ambiguous'
      ? refuse(409, `Several people are called ${body.person.trim()}: type the email of the one you mean.`)
      : refuse(
          404,
          `Nobody in ${sharing.workspace?.name ?? 'the workspace'} is called or has the email “${body.person.trim()}”. Invite them first (as a guest, to give them only what you share).`,
        );
  }
  const person = match.found;
  if (person.userId === account.user.id) return refuse(400, 'That is you.');
  if (role === 'viewer' && seesWholeWorkspace(person.role)) {
    return refuse(
      400,
      `${person.name} is a ${person.role} of the workspace and edits all of its documents: a viewer share cannot narrow that.`,
    );
  }
  if (target.doc === null) return refuse(409, 'The app has no record of this document: open it once, then share it.');
  const before = sharing.people.find((p) => p.userId === person.userId)?.role ?? null;
  await shareDocument(db, { docId: target.docId, userId: person.userId, role, sharedBy: account.user.id, now });
  if (before === 'editor' && role === 'viewer') {
    await narrowOpenAccess(db, server.revocations, {
      userIds: [person.userId],
      docIds: [target.docId],
      reason: 'share changed to viewer',
      now,
    });
  }
  return Response.json({ userId: person.userId, name: person.name, role }, { status: 201 });
}
