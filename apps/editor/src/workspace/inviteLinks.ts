import type { Kysely } from 'kysely';
import type { AppTables, InviteLinkRow } from '@/db/tables';
import type { InvitableRole } from './roles';
import { hashToken, newId, newSecretToken } from './secretToken';

type Db = Kysely<AppTables>;

export type InviteLinkProblem = 'revoked' | 'expired' | 'used-up';

/** Creates an invitation link to a workspace; the token is returned once, the database keeps its hash. */
export async function createInviteLink(
  db: Db,
  input: {
    workspaceId: string;
    role: InvitableRole;
    createdBy: string | null;
    expiresAt: number | null;
    maxUses: number | null;
    now: number;
  },
): Promise<{ link: InviteLinkRow; token: string }> {
  const token = newSecretToken();
  const link: InviteLinkRow = {
    id: newId('inv'),
    workspace_id: input.workspaceId,
    role: input.role,
    token_hash: hashToken(token),
    created_by: input.createdBy,
    created_at: input.now,
    expires_at: input.expiresAt,
    revoked_at: null,
    uses: 0,
    max_uses: input.maxUses,
  };
  await db.insertInto('invite_link').values(link).execute();
  return { link, token };
}

export function inviteLinkProblem(link: InviteLinkRow, now: number): InviteLinkProblem | null {
  if (link.revoked_at !== null) return 'revoked';
  if (link.expires_at !== null && link.expires_at <= now) return 'expired';
  if (link.max_uses !== null && link.uses >= link.max_uses) return 'used-up';
  return null;
}

export async function findInviteLink(db: Db, token: string): Promise<InviteLinkRow | null> {
  return (await db.selectFrom('invite_link').selectAll().where('token_hash', '=', hashToken(token)).executeTakeFirst()) ?? null;
}

/** Counts one use of a link, unless it is used up (checked and counted in one statement). */
export async function spendInviteLink(db: Db, id: string): Promise<boolean> {
  const result = await db
    .updateTable('invite_link')
    .set((eb) => ({ uses: eb('uses', '+', 1) }))
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .where((eb) => eb.or([eb('max_uses', 'is', null), eb('uses', '<', eb.ref('max_uses'))]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function revokeInviteLink(db: Db, workspaceId: string, id: string, now: number): Promise<boolean> {
  const result = await db
    .updateTable('invite_link')
    .set({ revoked_at: now })
    .where('id', '=', id)
    .where('workspace_id', '=', workspaceId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** A workspace's invitation links that still work, newest first. */
export async function listInviteLinks(db: Db, workspaceId: string, now: number): Promise<InviteLinkRow[]> {
  const rows = await db
    .selectFrom('invite_link')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .orderBy('created_at', 'desc')
    .execute();
  return rows.filter((row) => inviteLinkProblem(row, now) === null);
}
