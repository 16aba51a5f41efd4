import type { Kysely } from 'kysely';
import type { AppTables, WorkspaceSettingsRow } from '@/db/tables';
import { newDocId } from '@/docs/newDocId';
import { strongestRole, type WorkspaceRole } from './roles';

export interface Workspace {
  id: string;
  name: string;
  slug: string;
  /** Every document of the workspace is named `<docPrefix>-<random>`. */
  docPrefix: string;
  linkSharing: boolean;
  trashRetentionDays: number;
}

export interface Membership {
  workspaceId: string;
  role: WorkspaceRole;
  docPrefix: string;
}

export interface MemberSummary {
  memberId: string;
  userId: string;
  name: string;
  email: string;
  color: string | null;
  role: WorkspaceRole;
  joinedAt: Date;
}

type Db = Kysely<AppTables>;

function toWorkspace(row: { id: string; name: string; slug: string } & WorkspaceSettingsRow): Workspace {
  return {
    id: row.id,
    name: row.name,
    slug: row.slug,
    docPrefix: row.doc_prefix,
    linkSharing: row.link_sharing === 1,
    trashRetentionDays: row.trash_retention_days,
  };
}

function selectWorkspaces(db: Db) {
  return db
    .selectFrom('organization')
    .innerJoin('workspace_settings', 'workspace_settings.workspace_id', 'organization.id')
    .select(['organization.id', 'organization.name', 'organization.slug'])
    .selectAll('workspace_settings');
}

/** The workspace this installation was set up with, or null on a fresh install. */
export async function installedWorkspace(db: Db): Promise<Workspace | null> {
  const row = await selectWorkspaces(db)
    .innerJoin('install', 'install.workspace_id', 'organization.id')
    .where('install.id', '=', 1)
    .executeTakeFirst();
  return row === undefined ? null : toWorkspace(row);
}

export async function getWorkspace(db: Db, workspaceId: string): Promise<Workspace | null> {
  const row = await selectWorkspaces(db).where('organization.id', '=', workspaceId).executeTakeFirst();
  return row === undefined ? null : toWorkspace(row);
}

/** Whether the installation has been set up (its first workspace created). */
export async function isInstalled(db: Db): Promise<boolean> {
  return (await db.selectFrom('install').select('id').where('id', '=', 1).executeTakeFirst()) !== undefined;
}

/**
 * Makes `workspaceId` the installation's workspace, with its settings. False when another one got
 * there first (two people setting up a fresh install at the same moment: the key decides).
 */
export async function recordInstall(db: Db, workspaceId: string, now: number): Promise<boolean> {
  try {
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('install').values({ id: 1, workspace_id: workspaceId, set_up_at: now }).execute();
      await insertSettings(trx, workspaceId, now);
    });
    return true;
  } catch (error) {
    if (await isInstalled(db)) return false;
    throw error;
  }
}

async function insertSettings(db: Db, workspaceId: string, now: number): Promise<void> {
  // Six characters of 33: a clash is rare, and the unique key turns one into a retry.
  for (let attempt = 0; ; attempt += 1) {
    const docPrefix = newDocId(6);
    const taken = await db.selectFrom('workspace_settings').select('workspace_id').where('doc_prefix', '=', docPrefix).executeTakeFirst();
    if (taken !== undefined && attempt < 5) continue;
    await db.insertInto('workspace_settings').values({ workspace_id: workspaceId, doc_prefix: docPrefix, created_at: now }).execute();
    return;
  }
}

/** Turns link sharing on or off for the whole workspace (off: every share link is refused). */
export async function setLinkSharing(db: Db, workspaceId: string, enabled: boolean): Promise<void> {
  await db
    .updateTable('workspace_settings')
    .set({ link_sharing: enabled ? 1 : 0 })
    .where('workspace_id', '=', workspaceId)
    .execute();
}

export async function setTrashRetention(db: Db, workspaceId: string, days: number): Promise<void> {
  await db.updateTable('workspace_settings').set({ trash_retention_days: days }).where('workspace_id', '=', workspaceId).execute();
}

/** The workspaces a person belongs to, with their role in each. */
export async function membershipsOf(db: Db, userId: string): Promise<Membership[]> {
  const rows = await db
    .selectFrom('member')
    .innerJoin('workspace_settings', 'workspace_settings.workspace_id', 'member.organizationId')
    .select(['member.organizationId', 'member.role', 'workspace_settings.doc_prefix'])
    .where('member.userId', '=', userId)
    .execute();
  return rows.flatMap((row) => {
    const role = strongestRole(row.role);
    return role === null ? [] : [{ workspaceId: row.organizationId, role, docPrefix: row.doc_prefix }];
  });
}

/** A person's role in a workspace, or null when they are not a member. */
export async function roleIn(db: Db, workspaceId: string, userId: string): Promise<WorkspaceRole | null> {
  const row = await db
    .selectFrom('member')
    .select('role')
    .where('organizationId', '=', workspaceId)
    .where('userId', '=', userId)
    .executeTakeFirst();
  return row === undefined ? null : strongestRole(row.role);
}

/** The members of a workspace, owners first, then by name. */
export async function listMembers(db: Db, workspaceId: string): Promise<MemberSummary[]> {
  const rows = await db
    .selectFrom('member')
    .innerJoin('user', 'user.id', 'member.userId')
    .select(['member.id as memberId', 'member.userId', 'member.role', 'member.createdAt', 'user.name', 'user.email', 'user.color'])
    .where('member.organizationId', '=', workspaceId)
    .execute();
  const order = ['owner', 'admin', 'member', 'guest'];
  return rows
    .flatMap((row) => {
      const role = strongestRole(row.role);
      if (role === null) return [];
      return [
        {
          memberId: row.memberId,
          userId: row.userId,
          name: row.name,
          email: row.email,
          color: row.color,
          role,
          joinedAt: new Date(row.createdAt),
        },
      ];
    })
    .sort((a, b) => order.indexOf(a.role) - order.indexOf(b.role) || a.name.localeCompare(b.name));
}

/** The workspace a document name belongs to, by its prefix (or null: not a workspace's document). */
export async function workspaceOfDocName(db: Db, docName: string): Promise<Workspace | null> {
  const dash = docName.indexOf('-');
  if (dash <= 0) return null;
  const row = await selectWorkspaces(db).where('workspace_settings.doc_prefix', '=', docName.slice(0, dash)).executeTakeFirst();
  return row === undefined ? null : toWorkspace(row);
}
