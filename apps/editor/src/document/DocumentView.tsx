'use client';

import { CollaborativeEditor, type User, useCollaboration } from '@tandem/editor-react';
import Link from 'next/link';
import { useSyncConfig } from '@/config/SyncConfigProvider';
import { useIdentity } from '@/identity/IdentityProvider';
import { AppHeader } from '@/shell/AppHeader';
import { CopyLinkButton } from './CopyLinkButton';
import { TitleField } from './TitleField';

/** The document page: title, editor, presence, copy link. Waits for you to pick a name first. */
export function DocumentView({ docId }: { docId: string }) {
  const { identity } = useIdentity();
  return (
    <>
      <AppHeader actions={<CopyLinkButton />}>
        <nav className="breadcrumb" aria-label="Breadcrumb">
          <Link href="/" className="breadcrumb__link" data-testid="back-to-list">
            Documents
          </Link>
        </nav>
      </AppHeader>
      <main className="doc-page">{identity ? <OpenDocument docId={docId} user={identity} /> : <div className="doc-page__waiting" />}</main>
    </>
  );
}

function OpenDocument({ docId, user }: { docId: string; user: User }) {
  const { syncUrl } = useSyncConfig();
  const collaboration = useCollaboration(docId, { serverUrl: syncUrl, user });
  return (
    <CollaborativeEditor
      docId={docId}
      serverUrl={syncUrl}
      user={user}
      collaboration={collaboration}
      className="doc-page__editor"
      header={<TitleField doc={collaboration.doc} />}
    />
  );
}
