import type { Kysely } from 'kysely';
import type { AppTables } from '@/db/tables';

/**
 * "<name> shared '<title>' with you": for the page a share link's first visit lands on
 * (`/d/<id>?shared=<link id>`), the name of whoever made the link, when the link is this document's
 * and this person did open it. Null otherwise (the notice is then not shown).
 */
export async function sharedNoticeFor(
  db: Kysely<AppTables>,
  linkId: string,
  docId: string,
  userId: string,
): Promise<{ by: string } | null> {
  const row = await db
    .selectFrom('share_link')
    .innerJoin('share_link_visit', 'share_link_visit.link_id', 'share_link.id')
    .leftJoin('user', 'user.id', 'share_link.created_by')
    .select(['user.name'])
    .where('share_link.id', '=', linkId)
    .where('share_link.doc_id', '=', docId)
    .where('share_link_visit.user_id', '=', userId)
    .executeTakeFirst();
  return row === undefined ? null : { by: row.name ?? 'Someone' };
}
