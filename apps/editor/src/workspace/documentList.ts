import { type Kysely, sql } from 'kysely';
import type { AppTables, ShareRole } from '@/db/tables';
import { managesMembers, seesWholeWorkspace } from './roles';
import { linkAccessOf } from './shareLinks';
import { membershipsOf } from './workspaces';

type Db = Kysely<AppTables>;

/** A document in someone's list, as the app knows it (the sync server adds its live title, last edit and activity). */
export interface ListedDocument {
  id: string;
  /** The last title the app knows (the live one is the sync server's). */
  title: string | null;
  createdAt: number;
  createdBy: { id: string; name: string } | null;
  /** They created it. */
  mine: boolean;
  access: 'edit' | 'view';
  /** Shared with them by a person, or opened through someone's link: who, how and when. */
  sharedWithMe: { by: string | null; via: 'person' | 'link'; at: number } | null;
  /** They may move it to the trash (its creator, the workspace's owners and admins). */
  canDelete: boolean;
}

/** A document in the trash, for those who may restore it. */
export interface TrashedDocument {
  id: string;
  title: string | null;
  deletedAt: number;
  deletedBy: string | null;
  createdBy: string | null;
  /** When the app purges it: deleted_at plus the workspace's retention. */
  purgeAt: number;
}

const DAY_MS = 86_400_000;
const better = (a: 'edit' | 'view', b: 'edit' | 'view') => (a === 'edit' || b === 'edit' ? 'edit' : 'view');
type Via = 'person' | 'link';
const accessOf = (role: ShareRole) => (role === 'editor' ? 'edit' : 'view');

/**
 * Every document `userId` can open, trash left out: the whole of each workspace where they are an
 * owner, admin or member, then the documents shared with them and those of the links they opened
 * that still work. The same rights as their token's (`rightsOf`); newest first.
 */
export async function documentsOf(db: Db, userId: string, now: number): Promise<ListedDocument[]> {
  const memberships = await membershipsOf(db, userId);
  const whole = memberships.filter((m) => seesWholeWorkspace(m.role));
  const manages = new Set(memberships.filter((m) => managesMembers(m.role)).map((m) => m.workspaceId));
  const listed = new Map<string, ListedDocument>();

  if (whole.length > 0) {
    const rows = await db
      .selectFrom('document')
      .leftJoin('user', 'user.id', 'document.created_by')
      .select(['document.id', 'document.title', 'document.created_at', 'document.created_by', 'document.workspace_id', 'user.name'])
      .where(
        'document.workspace_id',
        'in',
        whole.map((m) => m.workspaceId),
      )
      .where('document.deleted_at', 'is', null)
      .execute();
    for (const row of rows) {
      listed.set(row.id, {
        id: row.id,
        title: row.title,
        createdAt: row.created_at,
        createdBy: row.created_by === null ? null : { id: row.created_by, name: row.name ?? '' },
        mine: row.created_by === userId,
        access: 'edit',
        sharedWithMe: null,
        canDelete: manages.has(row.workspace_id) || row.created_by === userId,
      });
    }
  }

  const links = await linkAccessOf(db, userId, now);
  const given = await sharedWith(
    db,
    userId,
    links.map((link) => link.linkId),
  );
  for (const row of given) {
    const sharedWithMe = { by: row.sharerName, via: row.via, at: row.sharedAt };
    const held = listed.get(row.id);
    if (held !== undefined) {
      // Already theirs through the workspace, or through another share: keep the first sharing, the stronger access.
      held.access = better(held.access, accessOf(row.role));
      held.sharedWithMe ??= sharedWithMe;
      continue;
    }
    listed.set(row.id, {
      id: row.id,
      title: row.title,
      createdAt: row.created_at,
      createdBy: row.created_by === null ? null : { id: row.created_by, name: row.creatorName ?? '' },
      mine: row.created_by === userId,
      access: accessOf(row.role),
      sharedWithMe,
      canDelete: false,
    });
  }
  return [...listed.values()].sort((a, b) => b.createdAt - a.createdAt);
}

/**
 * The documents shared with `userId`, trash left out: by a person, then through the links in `linkIds`
 * (those they opened that still work), each with who shared it, the role and since when.
 */
async function sharedWith(db: Db, userId: string, linkIds: string[]) {
  const byPerson = db
    .selectFrom('document_share')
    .select(['doc_id', 'shared_by', 'role', 'created_at as shared_at', sql<Via>`'person'`.as('via')])
    .where('user_id', '=', userId);
  const grants =
    linkIds.length === 0
      ? byPerson
      : byPerson.unionAll(
          db
            .selectFrom('share_link')
            .innerJoin('share_link_visit', 'share_link_visit.link_id', 'share_link.id')
            .select([
              'share_link.doc_id',
              'share_link.created_by as shared_by',
              'share_link.role',
              'share_link_visit.first_visit_at as shared_at',
              sql<Via>`'link'`.as('via'),
            ])
            .where('share_link_visit.user_id', '=', userId)
            .where('share_link.id', 'in', linkIds),
        );
  return (
    db
      .selectFrom(grants.as('given'))
      .innerJoin('document', 'document.id', 'given.doc_id')
      .leftJoin('user as creator', 'creator.id', 'document.created_by')
      .leftJoin('user as sharer', 'sharer.id', 'given.shared_by')
      .select([
        'document.id',
        'document.title',
        'document.created_at',
        'document.created_by',
        'creator.name as creatorName',
        'sharer.name as sharerName',
        'given.role',
        'given.shared_at as sharedAt',
        'given.via',
      ])
      .where('document.deleted_at', 'is', null)
      // 'person' sorts after 'link': a person's share comes first.
      .orderBy('given.via', 'desc')
      .execute()
  );
}

/**
 * The documents in the trash that `userId` may restore or purge: all of a workspace's for its owners
 * and admins, those they created for members. Most recently deleted first.
 */
export async function trashOf(db: Db, userId: string): Promise<TrashedDocument[]> {
  const memberships = (await membershipsOf(db, userId)).filter((m) => seesWholeWorkspace(m.role));
  if (memberships.length === 0) return [];
  const rows = await db
    .selectFrom('document')
    .innerJoin('workspace_settings', 'workspace_settings.workspace_id', 'document.workspace_id')
    .leftJoin('user as deleter', 'deleter.id', 'document.deleted_by')
    .leftJoin('user as creator', 'creator.id', 'document.created_by')
    .select([
      'document.id',
      'document.title',
      'document.deleted_at',
      'document.workspace_id',
      'document.created_by',
      'deleter.name as deletedBy',
      'creator.name as createdBy',
      'workspace_settings.trash_retention_days',
    ])
    .where(
      'document.workspace_id',
      'in',
      memberships.map((m) => m.workspaceId),
    )
    .where('document.deleted_at', 'is not', null)
    .orderBy('document.deleted_at', 'desc')
    .execute();
  const manages = new Set(memberships.filter((m) => managesMembers(m.role)).map((m) => m.workspaceId));
  return rows
    .filter((row) => manages.has(row.workspace_id) || row.created_by === userId)
    .map((row) => {
      const deletedAt = row.deleted_at ?? 0;
      return {
        id: row.id,
        title: row.title,
        deletedAt,
        deletedBy: row.deletedBy,
        createdBy: row.createdBy,
        purgeAt: deletedAt + row.trash_retention_days * DAY_MS,
      };
    });
}

/**
 * The names of the documents in the trash that `userId` could otherwise open (their workspaces'
 * whole, or shared with them): a list still holding one from before it was deleted hides it.
 */
export async function trashedNamesFor(db: Db, userId: string): Promise<string[]> {
  const whole = (await membershipsOf(db, userId)).filter((m) => seesWholeWorkspace(m.role)).map((m) => m.workspaceId);
  const shared = db.selectFrom('document_share').select('doc_id').where('user_id', '=', userId);
  const linked = db
    .selectFrom('share_link_visit')
    .innerJoin('share_link', 'share_link.id', 'share_link_visit.link_id')
    .select('share_link.doc_id')
    .where('share_link_visit.user_id', '=', userId);
  const rows = await db
    .selectFrom('document')
    .select('id')
    .where('deleted_at', 'is not', null)
    .where((eb) => eb.or([...(whole.length > 0 ? [eb('workspace_id', 'in', whole)] : []), eb('id', 'in', shared), eb('id', 'in', linked)]))
    .execute();
  return rows.map((row) => row.id);
}
