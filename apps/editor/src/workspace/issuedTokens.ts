import type { Kysely } from 'kysely';
import type { AppTables } from '@/db/tables';

type Db = Kysely<AppTables>;

/** Remembers a token the app issued until it expires, so a change of the holder's rights can revoke it. */
export async function recordIssuedToken(db: Db, input: { jti: string; userId: string; expiresAt: number }): Promise<void> {
  await db.insertInto('issued_token').values({ jti: input.jti, user_id: input.userId, expires_at: input.expiresAt }).execute();
}

/** The ids of a person's tokens that have not expired at `now`. */
export async function liveTokensOf(db: Db, userId: string, now: number): Promise<string[]> {
  const rows = await db.selectFrom('issued_token').select('jti').where('user_id', '=', userId).where('expires_at', '>', now).execute();
  return rows.map((row) => row.jti);
}

/** Forgets tokens that expired before `now` (nothing can use them any more). */
export async function pruneIssuedTokens(db: Db, now: number): Promise<number> {
  const result = await db.deleteFrom('issued_token').where('expires_at', '<=', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}
