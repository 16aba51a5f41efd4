import { redirect } from 'next/navigation';
import { NoAccess } from '@/document/NoAccess';
import { requireAccount } from '@/server/pageAccount';
import { AppHeader } from '@/shell/AppHeader';
import { recordShareLinkVisit, resolveShareLink } from '@/workspace/shareLinks';

export const metadata = { title: 'Shared document · Tandem' };

/**
 * A share link, `/share/<token>`: signed in (else to the sign-in page and back), the visit is
 * recorded, which gives the link's role on its document for as long as the link works, and the
 * document opens; the first time, saying who shared it. A link that is unknown, revoked, expired,
 * of a workspace with link sharing off or of a deleted document shows why it opens nothing.
 */
export default async function SharePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const { server, account } = await requireAccount(`/share/${encodeURIComponent(token)}`);
  const { db } = server.database;
  const now = Date.now();
  const resolved = /^[\w-]{10,100}$/.test(token) ? await resolveShareLink(db, token, now) : null;
  if (resolved === null || resolved.problem !== null) {
    return (
      <>
        <AppHeader />
        <main className="doc-page">
          <NoAccess reason={resolved?.problem ?? 'not-found'} />
        </main>
      </>
    );
  }
  const { link } = resolved;
  const { first } = await recordShareLinkVisit(db, link.id, account.user.id, now);
  const path = `/d/${encodeURIComponent(link.doc_id)}`;
  redirect(first && link.created_by !== account.user.id ? `${path}?shared=${encodeURIComponent(link.id)}` : path);
}
