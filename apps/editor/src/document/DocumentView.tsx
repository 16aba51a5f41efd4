'use client';

import { CollaborativeEditor, type User, useCollaboration } from '@tandem/editor-react';
import Link from 'next/link';
import { type ReactNode, useCallback, useEffect, useRef, useState } from 'react';
import type { ShareGrant } from '@/auth/access';
import { shareLink } from '@/auth/keyring';
import { fetchToken } from '@/auth/tokenClient';
import { useDocGrant } from '@/auth/useDocGrant';
import { useSyncConfig } from '@/config/SyncConfigProvider';
import { useIdentity } from '@/identity/IdentityProvider';
import { AppHeader } from '@/shell/AppHeader';
import { CopyLinkButton } from './CopyLinkButton';
import { takeCreated } from './createdDocument';
import { TitleField } from './TitleField';

type ShareSigs = { edit?: string; view: string };

/**
 * The document page: title, editor, presence, sharing. Waits for you to pick a name first. With
 * auth on, the document opens with the share grant of the link (or the one this browser holds)
 * and offers "can edit" / "can view" links; in open mode it shares the page's address. A document
 * this tab just created puts the caret in its title; opening an existing one leaves focus alone.
 */
export function DocumentView({ docId }: { docId: string }) {
  const { identity } = useIdentity();
  const { auth } = useSyncConfig();
  const access = useDocGrant(docId);
  const [share, setShare] = useState<ShareSigs | null>(null);
  const [created, setCreated] = useState(false);
  useEffect(() => {
    if (takeCreated(docId)) setCreated(true);
  }, [docId]);

  let body: ReactNode = <div className="doc-page__waiting" />;
  if (identity && !auth) body = <OpenDocument docId={docId} user={identity} grant={null} created={created} />;
  else if (identity && access.grant === null) body = <NoAccess />;
  else if (identity && access.grant) {
    body = <OpenDocument docId={docId} user={identity} grant={access.grant} created={created} onGranted={access.keep} onShare={setShare} />;
  }

  return (
    <>
      <AppHeader actions={auth ? <ShareButtons docId={docId} share={share} /> : <CopyLinkButton />}>
        <nav className="breadcrumb" aria-label="Breadcrumb">
          <Link href="/" className="breadcrumb__link" data-testid="back-to-list">
            Documents
          </Link>
        </nav>
      </AppHeader>
      <main className="doc-page">{body}</main>
    </>
  );
}

function OpenDocument({
  docId,
  user,
  grant,
  created,
  onGranted,
  onShare,
}: {
  docId: string;
  user: User;
  grant: ShareGrant | null;
  /** This tab just created the document: put the caret in its title. */
  created: boolean;
  onGranted?: () => void;
  onShare?: (share: ShareSigs | null) => void;
}) {
  const { syncUrl } = useSyncConfig();
  const latest = useRef({ user, grant, onGranted, onShare });
  latest.current = { user, grant, onGranted, onShare };
  const getToken = useCallback(async () => {
    const { user: who, grant: held, onGranted: granted, onShare: shared } = latest.current;
    if (!held) throw new Error('no grant');
    const response = await fetchToken(who.name, [held]);
    granted?.();
    shared?.(response.share[held.docId] ?? null);
    return response.token;
  }, []);
  const viewOnly = grant?.access === 'view';
  const collaboration = useCollaboration(docId, {
    serverUrl: syncUrl,
    user,
    ...(grant ? { getToken, readOnly: viewOnly } : {}),
  });
  return (
    <CollaborativeEditor
      docId={docId}
      serverUrl={syncUrl}
      user={user}
      collaboration={collaboration}
      readOnly={viewOnly}
      className="doc-page__editor"
      header={
        <TitleField doc={collaboration.doc} readOnly={viewOnly || collaboration.readOnly || collaboration.accessProblem !== null} autoFocus={created} />
      }
    />
  );
}

/** "Copy edit link" (editors only) and "Copy view link": share grants the token service signed for us. */
function ShareButtons({ docId, share }: { docId: string; share: ShareSigs | null }) {
  if (share === null) return null;
  const origin = typeof window === 'undefined' ? '' : window.location.origin;
  return (
    <div className="share-buttons" data-testid="share-buttons">
      {share.edit !== undefined && <CopyLinkButton link={shareLink(origin, docId, 'edit', share.edit)} label="Copy edit link" testId="share-edit" />}
      <CopyLinkButton link={shareLink(origin, docId, 'view', share.view)} label="Copy view link" testId="share-view" />
    </div>
  );
}

function NoAccess() {
  return (
    <section className="status-page" data-testid="no-access">
      <h1 className="status-page__title">You don’t have access to this document</h1>
      <p className="status-page__lead">Ask someone who can edit it for a link: “Copy edit link” or “Copy view link” on their document page.</p>
      <Link href="/" className="button button--primary">
        Back to your documents
      </Link>
    </section>
  );
}
