import Link from 'next/link';

/** Why a document does not open: no rights to it, or the link used stopped working (and how). */
export type NoAccessReason = 'none' | 'not-found' | 'revoked' | 'expired' | 'sharing-off' | 'document-deleted';

const TEXT: Record<NoAccessReason, { title: string; lead: string }> = {
  none: {
    title: 'You don’t have access to this document',
    lead: 'It is not in your workspace and nobody shared it with you. Ask someone who can edit it to share it with you.',
  },
  'not-found': {
    title: 'This link doesn’t work',
    lead: 'No document is shared through it: it may have been copied incompletely. Ask the person who sent it for a new one.',
  },
  revoked: {
    title: 'This link was turned off',
    lead: 'The document’s owners revoked it, so it no longer opens anything. Ask the person who sent it to share the document with you.',
  },
  expired: {
    title: 'This link has expired',
    lead: 'It worked for a limited time only. Ask the person who sent it for a new link, or to share the document with you.',
  },
  'sharing-off': {
    title: 'Link sharing is off in this workspace',
    lead: 'Its owners turned sharing by link off, so no link opens a document now. Ask to have the document shared with you by name.',
  },
  'document-deleted': {
    title: 'This document is in the trash',
    lead: 'The link points to a document that was deleted. If you think it should not have been, ask its owners to restore it.',
  },
};

/** The clean "no access" page: what happened, what to do, and the way back. */
export function NoAccess({ reason = 'none' }: { reason?: NoAccessReason }) {
  const { title, lead } = TEXT[reason];
  return (
    <section className="status-page" data-testid="no-access" data-reason={reason}>
      <h1 className="status-page__title">{title}</h1>
      <p className="status-page__lead">{lead}</p>
      <Link href="/" className="button button--primary">
        Back to your documents
      </Link>
    </section>
  );
}
