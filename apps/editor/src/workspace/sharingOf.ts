import type { Kysely } from 'kysely';
import type { AppTables, ShareRole } from '@/db/tables';
import type { DocumentAccess } from './documentAccess';
import type { WorkspaceRole } from './roles';
import { listDocumentShares } from './shares';
import { listMembers } from './workspaces';

type Db = Kysely<AppTables>;

export type LinkState = 'active' | 'expired' | 'revoked';

/** Who has access to a document and its links, as the share dialog shows them. */
export interface DocumentSharing {
  docId: string;
  workspace: { name: string; linkSharing: boolean } | null;
  createdBy: string | null;
  /** People it was shared with, by name. */
  people: {
    userId: string;
    name: string;
    email: string;
    color: string | null;
    role: ShareRole;
    /** Their role in the workspace: a member edits every document whatever the share says. */
    workspaceRole: WorkspaceRole | null;
    sharedBy: string | null;
  }[];
  /** Its links, newest first, the ones that stopped working included (with why). */
  links: {
    id: string;
    role: ShareRole;
    createdBy: string | null;
    createdAt: number;
    expiresAt: number | null;
    state: LinkState;
    /** How many signed-in people opened it. */
    visitors: number;
  }[];
  /** The workspace's people, to share with by name or email. */
  candidates: { userId: string; name: string; email: string; role: WorkspaceRole }[];
}

const linkState = (link: { revoked_at: number | null; expires_at: number | null }, now: number): LinkState =>
  link.revoked_at !== null ? 'revoked' : link.expires_at !== null && link.expires_at <= now ? 'expired' : 'active';

export async function sharingOf(db: Db, target: DocumentAccess, now: number): Promise<DocumentSharing> {
  const { docId, workspace } = target;
  const members = workspace === null ? [] : await listMembers(db, workspace.id);
  const nameOf = new Map(members.map((member) => [member.userId, member.name]));
  const roleOf = new Map(members.map((member) => [member.userId, member.role]));
  const shares = await listDocumentShares(db, docId);
  const missing = [...new Set(shares.map((share) => share.sharedBy).filter((id): id is string => id !== null && !nameOf.has(id)))];
  if (missing.length > 0) {
    for (const user of await db.selectFrom('user').select(['id', 'name']).where('id', 'in', missing).execute())
      nameOf.set(user.id, user.name);
  }
  const links = await db
    .selectFrom('share_link')
    .leftJoin('user', 'user.id', 'share_link.created_by')
    .leftJoin('share_link_visit', 'share_link_visit.link_id', 'share_link.id')
    .select((eb) => [
      'share_link.id',
      'share_link.role',
      'share_link.created_at',
      'share_link.expires_at',
      'share_link.revoked_at',
      'user.name as createdBy',
      eb.fn.count<number>('share_link_visit.user_id').as('visitors'),
    ])
    .where('share_link.doc_id', '=', docId)
    .groupBy(['share_link.id', 'share_link.role', 'share_link.created_at', 'share_link.expires_at', 'share_link.revoked_at', 'user.name'])
    .orderBy('share_link.created_at', 'desc')
    .execute();
  const createdBy = target.doc?.created_by ?? null;
  return {
    docId,
    workspace: workspace === null ? null : { name: workspace.name, linkSharing: workspace.linkSharing },
    createdBy: createdBy === null ? null : (nameOf.get(createdBy) ?? null),
    people: shares.map((share) => ({
      userId: share.userId,
      name: share.name,
      email: share.email,
      color: share.color,
      role: share.role,
      workspaceRole: roleOf.get(share.userId) ?? null,
      sharedBy: share.sharedBy === null ? null : (nameOf.get(share.sharedBy) ?? null),
    })),
    links: links.map((link) => ({
      id: link.id,
      role: link.role,
      createdBy: link.createdBy,
      createdAt: link.created_at,
      expiresAt: link.expires_at,
      state: linkState(link, now),
      visitors: Number(link.visitors),
    })),
    candidates: members.map(({ userId, name, email, role }) => ({ userId, name, email, role })),
  };
}

/**
 * The workspace member `person` names: an email (exactly, any case) or a name (exactly, any case;
 * two people of that name must be told apart by email), or why nobody is found.
 */
export function findPerson(
  candidates: DocumentSharing['candidates'],
  person: string,
): { found: DocumentSharing['candidates'][number] } | { problem: 'nobody' | 'ambiguous' } {
  const wanted = person.trim().toLowerCase();
  const byEmail = candidates.filter((c) => c.email.toLowerCase() === wanted);
  if (byEmail.length === 1) return { found: byEmail[0] as DocumentSharing['candidates'][number] };
  const byName = candidates.filter((c) => c.name.trim().toLowerCase() === wanted);
  if (byName.length === 1) return { found: byName[0] as DocumentSharing['candidates'][number] };
  return { problem: byName.length > 1 ? 'ambiguous' : 'nobody' };
}
