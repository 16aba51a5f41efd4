'use client';

import { CollaborativeEditor, isAccessDenied, isDeletedClose, type User, useCollaboration, useSharedText } from '@tandem/editor-react';
import Link from 'next/link';
import { type ReactNode, useCallback, useEffect, useRef, useState } from 'react';
import { fetchToken, type TokenResponse } from '@/auth/tokenClient';
import { useSyncConfig } from '@/config/SyncConfigProvider';
import { useIdentity } from '@/identity/IdentityProvider';
import { useRecordDeviceDoc } from '@/offline/useRecordDeviceDoc';
import { ShareButton } from '@/sharing/ShareButton';
import { SharedWithYou } from '@/sharing/SharedWithYou';
import { AppHeader } from '@/shell/AppHeader';
import { CopyLinkButton } from './CopyLinkButton';
import { DocumentHistory } from './DocumentHistory';
import { InTrash } from './InTrash';
import { takeCreated } from './createdDocument';
import { NoAccess } from './NoAccess';
import { TITLE_FIELD, TitleField } from './TitleField';

/** What the first token said about this document, before the editor opens. */
type Preflight =
  | { state: 'checking' }
  | { state: 'none' }
  /** `first`: the token fetched to find out, handed to the editor as its first. */
  | { state: 'open'; readOnly: boolean; first: TokenResponse | null };

export interface DocumentViewProps {
  docId: string;
  /** May share it with people and make links (owners, admins, members of its workspace). */
  canShare: boolean;
  /** May restore it from the trash (its creator, owners, admins). */
  canDelete: boolean;
  /** It is in the trash: shown as such, the editor does not open (it would start an empty one). */
  inTrash: boolean;
  /** Opened through someone's share link for the first time: their name. */
  sharedBy: string | null;
  /** The title the app last knew (until the document's own has loaded). */
  knownTitle: string | null;
}

/**
 * The document page: title, editor, presence, sharing. You are the signed-in account (name and
 * colour for your caret). With auth on, the app's token route says first what your rights give on
 * this document: nothing shows "no access", read opens it view only; those who may share it get
 * the Share dialog. In open mode it shares the page's address. When the token route cannot be
 * reached (offline), the editor opens from this device's copy and keeps asking. A document this tab
 * just created puts the caret in its title.
 */
export function DocumentView({ docId, canShare, canDelete, inTrash, sharedBy, knownTitle }: DocumentViewProps) {
  const { identity } = useIdentity();
  const { auth } = useSyncConfig();
  const [created, setCreated] = useState(false);
  const [trashed, setTrashed] = useState(inTrash);
  const [deletedWhileOpen, setDeletedWhileOpen] = useState(false);
  const deleted = useCallback(() => {
    setDeletedWhileOpen(true);
    setTrashed(true);
  }, []);
  const [preflight, setPreflight] = useState<Preflight>({ state: 'checking' });
  const [title, setTitle] = useState(knownTitle ?? '');
  useEffect(() => {
    if (takeCreated(docId)) setCreated(true);
  }, [docId]);
  useEffect(() => {
    // The first visit's notice is shown once: a reload shows the plain address.
    if (sharedBy !== null) window.history.replaceState(null, '', window.location.pathname);
  }, [sharedBy]);

  useEffect(() => {
    if (!auth || trashed) return;
    let cancelled = false;
    setPreflight({ state: 'checking' });
    fetchToken({ docId }).then(
      (response) => {
        if (cancelled) return;
        setPreflight(
          response.access === null ? { state: 'none' } : { state: 'open', readOnly: response.access === 'read', first: response },
        );
      },
      (error: unknown) => {
        // Refused: the editor asks again and shows why. Unreachable: it opens from this device.
        if (!cancelled) setPreflight(isAccessDenied(error) ? { state: 'none' } : { state: 'open', readOnly: false, first: null });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [auth, docId, trashed]);

  let body: ReactNode = <div className="doc-page__waiting" />;
  if (trashed) {
    const restored = () => {
      setDeletedWhileOpen(false);
      setTrashed(false);
    };
    body = <InTrash docId={docId} title={title} canRestore={canDelete} whileOpen={deletedWhileOpen} onRestored={restored} />;
  } else if (identity && !auth) {
    body = <OpenDocument docId={docId} user={identity} readOnly={false} created={created} onTitle={setTitle} onDeleted={deleted} />;
  } else if (identity && preflight.state === 'none') {
    body = <NoAccess />;
  } else if (identity && preflight.state === 'open') {
    body = (
      <OpenDocument
        docId={docId}
        user={identity}
        readOnly={preflight.readOnly}
        first={preflight.first}
        created={created}
        onTitle={setTitle}
        onDeleted={deleted}
        notice={sharedBy === null ? null : <SharedWithYou by={sharedBy} title={title} />}
      />
    );
  }

  const open = !trashed && preflight.state === 'open';
  return (
    <>
      <AppHeader actions={auth ? open && canShare && <ShareButton docId={docId} title={title} /> : <CopyLinkButton />}>
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

/** Tells the page the document's live title (for the share dialog and the first visit's notice). */
function TitleReporter({ doc, onTitle }: { doc: Parameters<typeof useSharedText>[0]; onTitle: (title: string) => void }) {
  const [title] = useSharedText(doc, TITLE_FIELD);
  useEffect(() => {
    if (title !== '') onTitle(title);
  }, [title, onTitle]);
  return null;
}

function OpenDocument({
  docId,
  user,
  readOnly,
  first = null,
  created,
  onTitle,
  onDeleted,
  notice = null,
}: {
  docId: string;
  user: User;
  readOnly: boolean;
  first?: TokenResponse | null;
  /** This tab just created the document: put the caret in its title. */
  created: boolean;
  onTitle: (title: string) => void;
  /** The sync server closed it because it was deleted (moved to the trash) while open. */
  onDeleted: () => void;
  notice?: ReactNode;
}) {
  const { syncUrl, publicSyncUrl, auth } = useSyncConfig();
  const firstToken = useRef(first);
  const getToken = useCallback(async () => {
    const ready = firstToken.current;
    firstToken.current = null;
    // The page's first token is fresh: use it once rather than asking again.
    const response = ready !== null && ready.expiresAt - Date.now() > 60_000 ? ready : await fetchToken({ docId });
    return response.token;
  }, [docId]);
  const collaboration = useCollaboration(docId, {
    serverUrl: syncUrl,
    user,
    ...(auth ? { getToken, readOnly } : {}),
  });
  useRecordDeviceDoc(docId, collaboration);
  const { provider } = collaboration;
  useEffect(() => {
    if (provider === null) return;
    const closed = ({ code }: { code: number }) => {
      if (isDeletedClose(code)) onDeleted();
    };
    provider.on('closed', closed);
    return () => provider.off('closed', closed);
  }, [provider, onDeleted]);
  return (
    <>
      {notice}
      <TitleReporter doc={collaboration.doc} onTitle={onTitle} />
      <CollaborativeEditor
        docId={docId}
        serverUrl={syncUrl}
        publicServerUrl={publicSyncUrl}
        user={user}
        collaboration={collaboration}
        readOnly={readOnly}
        className="doc-page__editor"
        header={
          <div className="doc-history__row">
            <TitleField
              doc={collaboration.doc}
              readOnly={readOnly || collaboration.readOnly || collaboration.accessProblem !== null}
              autoFocus={created}
            />
            <DocumentHistory
              docId={docId}
              collaboration={collaboration}
              {...(auth ? { getToken } : {})}
              canEdit={!readOnly && !collaboration.readOnly}
            />
          </div>
        }
      />
    </>
  );
}
