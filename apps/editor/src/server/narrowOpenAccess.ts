import { accessForDoc, parseDocsClaim } from '@tandem/tokens';
import type { Kysely } from 'kysely';
import type { AppTables } from '@/db/tables';
import { liveTokensOf } from '@/workspace/issuedTokens';
import { rightsOf } from '@/workspace/rights';
import type { SyncRevocations } from './syncRevocations';

/**
 * After a share was removed or lowered, a link revoked, or link sharing turned off: the tokens these
 * people hold now are capped on the sync server (`/api/revocations` by `jti`) to what their rights
 * still give on each document (read, or nothing), so their open editors turn view-only or close at
 * once instead of at the next token. What they still may write is left alone; new tokens are issued
 * from the new rights.
 */
export async function narrowOpenAccess(
  db: Kysely<AppTables>,
  revocations: SyncRevocations,
  change: { userIds: Iterable<string>; docIds: readonly string[]; reason: string; now: number },
): Promise<void> {
  for (const userId of new Set(change.userIds)) {
    const rights = await rightsOf(db, userId, change.now);
    const claim = parseDocsClaim(rights.docs);
    if (!claim.ok) throw new Error(`the rights of ${userId} are not a valid docs claim: ${claim.reason}`);
    const left: Record<'none' | 'read', string[]> = { none: [], read: [] };
    for (const docId of change.docIds) {
      const access = accessForDoc(claim.claim, docId);
      if (access !== 'write') left[access === 'read' ? 'read' : 'none'].push(docId);
    }
    if (left.none.length === 0 && left.read.length === 0) continue;
    for (const jti of await liveTokensOf(db, userId, change.now)) {
      for (const access of ['none', 'read'] as const) {
        if (left[access].length > 0) await revocations.revoke({ jti, access, docs: left[access], reason: change.reason });
      }
    }
  }
}
