import type { Kysely } from 'kysely';
import type { AppTables, DocumentRow, ShareRole } from '@/db/tables';
import { getDocument } from './documents';
import { managesMembers, seesWholeWorkspace, type WorkspaceRole } from './roles';
import { linkAccessOf } from './shareLinks';
import { getWorkspace, roleIn, type Workspace, workspaceOfDocName } from './workspaces';

type Db = Kysely<AppTables>;

/** How a person came to open a document: their workspace role, a share with them, or a link they opened. */
export type AccessVia = 'workspace' | 'share' | 'link';

/** What one person may do with one document, decided on the server for every route that changes it. */
export interface DocumentAccess {
  docId: string;
  /** The app's record of it (null: not recorded, e.g. created through the sync server's API). */
  doc: DocumentRow | null;
  /** The workspace it belongs to (by its record, else by its name's prefix). */
  workspace: Workspace | null;
  /** Their role in that workspace (null: not a member). */
  role: WorkspaceRole | null;
  /** `write` (editor), `read` (viewer) or null (nothing), ignoring the trash. */
  access: 'write' | 'read' | null;
  via: AccessVia | null;
  inTrash: boolean;
  /** Shares it with people and makes, changes and revokes its links: owners, admins and members of its workspace. */
  canShare: boolean;
  /** Moves it to the trash, restores it, purges it: its creator, and the workspace's owners and admins. */
  canDelete: boolean;
}

const stronger = (a: ShareRole | null, b: ShareRole | null): ShareRole | null => (a === 'editor' || b === 'editor' ? 'editor' : (a ?? b));

/**
 * The rights of `userId` on `docId` at `now`, the same ones the token route signs (`rightsOf`):
 * the workspace's owners, admins and members write all of its documents; anyone else (guests)
 * what was shared with them as editor or viewer, or the links they opened that still work.
 */
export async function documentAccess(db: Db, userId: string, docId: string, now: number): Promise<DocumentAccess> {
  const doc = await getDocument(db, docId);
  const workspace = doc === null ? await workspaceOfDocName(db, docId) : await getWorkspace(db, doc.workspace_id);
  const role = workspace === null ? null : await roleIn(db, workspace.id, userId);
  const inTrash = doc?.deleted_at != null;
  const base = { docId, doc, workspace, role, inTrash };
  if (role !== null && seesWholeWorkspace(role)) {
    const canDelete = managesMembers(role) || (doc !== null && doc.created_by === userId);
    return { ...base, access: 'write', via: 'workspace', canShare: true, canDelete };
  }
  const share = await db
    .selectFrom('document_share')
    .select('role')
    .where('doc_id', '=', docId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  // Links of a document in the trash do not work (linkAccessOf leaves them out).
  const links = (await linkAccessOf(db, userId, now)).filter((link) => link.docId === docId);
  const linkRole = links.reduce<ShareRole | null>((best, link) => stronger(best, link.role), null);
  const shareRole = share?.role ?? null;
  const best = stronger(shareRole, linkRole);
  const via: AccessVia | null = best === null ? null : shareRole === best ? 'share' : 'link';
  return { ...base, access: best === null ? null : best === 'editor' ? 'write' : 'read', via, canShare: false, canDelete: false };
}
