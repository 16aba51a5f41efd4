import type { Kysely } from 'kysely';
import type { AppTables, ShareRole } from '@/db/tables';
import { seesWholeWorkspace } from './roles';
import { sharesOf } from './shares';
import { linkAccessOf } from './shareLinks';
import { type Membership, membershipsOf } from './workspaces';

export type ClaimAccess = 'read' | 'write';

/** What a signed-in person may open, as the sync server's `docs` claim and where each entry comes from. */
export interface DocumentRights {
  memberships: Membership[];
  /** `{ "<prefix>-*": "write", "<doc>": "read", … }`: the workspaces they see whole, then single documents. */
  docs: Record<string, ClaimAccess>;
}

export function claimOfShareRole(role: ShareRole): ClaimAccess {
  return role === 'editor' ? 'write' : 'read';
}

function grant(docs: Record<string, ClaimAccess>, key: string, access: ClaimAccess): void {
  if (docs[key] !== 'write') docs[key] = access;
}

/**
 * A person's rights now: owners, admins and members write every document of their workspaces (one
 * prefix entry each, whatever their number); guests, and anyone for documents of other workspaces,
 * get the documents shared with them and those of the links they opened that still work, as editor
 * (write) or viewer (read). Nothing else.
 */
export async function rightsOf(db: Kysely<AppTables>, userId: string, now: number): Promise<DocumentRights> {
  const [memberships, shares, links] = await Promise.all([membershipsOf(db, userId), sharesOf(db, userId), linkAccessOf(db, userId, now)]);
  const docs: Record<string, ClaimAccess> = {};
  const whole = new Set<string>();
  for (const membership of memberships) {
    if (!seesWholeWorkspace(membership.role)) continue;
    whole.add(membership.workspaceId);
    docs[`${membership.docPrefix}-*`] = 'write';
  }
  for (const share of shares) if (!whole.has(share.workspaceId)) grant(docs, share.docId, claimOfShareRole(share.role));
  // An exact name beats a prefix on the sync server: a share or link never narrows a whole workspace.
  for (const link of links) if (!whole.has(link.workspaceId)) grant(docs, link.docId, claimOfShareRole(link.role));
  return { memberships, docs };
}
