import { isValidDocName } from '@tandem/editor-react/doc-name';
import { notFound } from 'next/navigation';
import { DocumentView } from '@/document/DocumentView';
import { requireAccount } from '@/server/pageAccount';
import { sharedNoticeFor } from '@/sharing/sharedNotice';
import { documentAccess } from '@/workspace/documentAccess';

function decoded(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

export default async function DocumentPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { id } = await params;
  const docId = decoded(id);
  if (docId === null || !isValidDocName(docId)) notFound();
  const query = await searchParams;
  // Signed out: sign in, then back here.
  const { server, account } = await requireAccount(`/d/${encodeURIComponent(docId)}`);
  const { db } = server.database;
  const access = await documentAccess(db, account.user.id, docId, Date.now());
  // Opened through a share link for the first time: who shared it.
  const shared = typeof query.shared === 'string' ? await sharedNoticeFor(db, query.shared, docId, account.user.id) : null;
  // Nothing of a document they cannot open reaches the page (not even that it is in the trash, or its title).
  const opens = access.access !== null;
  return (
    <DocumentView
      docId={docId}
      canShare={access.canShare}
      canDelete={access.canDelete}
      inTrash={opens && access.inTrash}
      sharedBy={shared?.by ?? null}
      knownTitle={opens ? (access.doc?.title ?? null) : null}
    />
  );
}
