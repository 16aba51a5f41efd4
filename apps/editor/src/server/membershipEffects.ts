import type { Kysely } from 'kysely';
import type { AppTables } from '@/db/tables';
import { liveTokensOf } from '@/workspace/issuedTokens';
import { seesWholeWorkspace, type WorkspaceRole } from '@/workspace/roles';
import { getWorkspace } from '@/workspace/workspaces';
import type { SyncRevocations } from './syncRevocations';

/**
 * What a change of membership does beyond the membership row: the sync server is told at once, so
 * access ends on connections already open, not only at the next token (ten minutes at most).
 */
export interface MembershipEffects {
  /** Removed (or left): their shares and link visits in the workspace go, every token of theirs loses the workspace. */
  memberGone(userId: string, workspaceId: string): Promise<void>;
  /** Joined (or rejoined): a revocation left from an earlier removal is lifted. */
  memberJoined(userId: string): Promise<void>;
  /** A role that no longer sees the whole workspace: their live tokens lose it (new ones are issued from the new role). */
  roleChanged(userId: string, workspaceId: string, from: WorkspaceRole | null, to: WorkspaceRole): Promise<void>;
}

export function createMembershipEffects(db: Kysely<AppTables>, revocations: SyncRevocations): MembershipEffects {
  const prefixOf = async (workspaceId: string) => {
    const workspace = await getWorkspace(db, workspaceId);
    if (workspace === null) throw new Error(`workspace ${workspaceId} has no settings`);
    return workspace.docPrefix;
  };
  return {
    async memberGone(userId, workspaceId) {
      const prefix = await prefixOf(workspaceId);
      const docs = db.selectFrom('document').select('id').where('workspace_id', '=', workspaceId);
      await db.deleteFrom('document_share').where('user_id', '=', userId).where('doc_id', 'in', docs).execute();
      const links = db.selectFrom('share_link').select('id').where('doc_id', 'in', docs);
      await db.deleteFrom('share_link_visit').where('user_id', '=', userId).where('link_id', 'in', links).execute();
      await revocations.revoke({ sub: userId, access: 'none', docs: [`${prefix}-*`], reason: 'removed from the workspace' });
    },
    async memberJoined(userId) {
      await revocations.liftUser(userId);
    },
    async roleChanged(userId, workspaceId, from, to) {
      if (from === null || !seesWholeWorkspace(from) || seesWholeWorkspace(to)) return;
      const prefix = await prefixOf(workspaceId);
      for (const jti of await liveTokensOf(db, userId, Date.now())) {
        await revocations.revoke({ jti, access: 'none', docs: [`${prefix}-*`], reason: `role changed to ${to}` });
      }
    },
  };
}
