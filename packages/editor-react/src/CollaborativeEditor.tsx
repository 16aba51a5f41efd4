import { type CSSProperties, type ReactNode, useEffect, useRef, useState } from 'react';
import type { CollaborationOptions } from './collaborationSession.js';
import type { ConnectionStatus } from './connectionStatus.js';
import { Notices } from './Notices.js';
import type { User } from './presence.js';
import { PresenceList, TypingIndicator } from './PresenceList.js';
import { StatusBadge } from './StatusBadge.js';
import { Layout, TiptapSurface, ViewOnlyBadge } from './TiptapSurface.js';
import { type Collaboration as CollaborationState, useCollaboration } from './useCollaboration.js';
import { useUnsavedChangesWarning } from './useUnsavedChangesWarning.js';

export interface CollaborativeEditorProps {
  docId: string;
  /** The sync server's WebSocket URL, e.g. `ws://localhost:1234`. */
  serverUrl: string;
  /**
   * The same sync server as everyone reaches it (e.g. `wss://tandem.example.com/sync`), when this
   * page reaches it at another address (`ws://localhost:3000/sync`): uploaded images are recorded
   * at this address, which everyone who opens the document loads them from. Default `serverUrl`.
   */
  publicServerUrl?: string;
  user: User;
  /** A fixed token for the server (`?token=`); prefer `getToken`, which is renewed before it expires. */
  token?: string;
  /**
   * Fetches a token for this document: before connecting, ahead of each expiry, and once after the
   * server rejected one. Reject with `AccessDeniedError` for a final "no" (shown, not retried).
   */
  getToken?: () => Promise<string>;
  /** View only: no toolbar, no editing, a "View only" badge (also shown when the server says so). */
  readOnly?: boolean;
  className?: string;
  onStatusChange?: (status: ConnectionStatus) => void;
  /**
   * An already open collaboration from `useCollaboration(docId, …)`, when the page needs the
   * same Y.Doc too (e.g. for a title). When given, `serverUrl`, `user`, `token` and `getToken` are
   * not used to open a second connection.
   */
  collaboration?: CollaborationState;
  /**
   * Shown above the text, in the same column (e.g. a title field). Part of the page, not of the
   * shared document: bind it to the Y.Doc yourself (see `useSharedText`).
   */
  header?: ReactNode;
  /**
   * Ask before the tab is closed or reloaded while some of your edits have not been stored by the
   * server yet (default true). They are kept on this device either way; the question is whether
   * the others will see them before you come back.
   */
  warnBeforeUnload?: boolean;
  /** Further options for the connection the component opens itself. */
  options?: Omit<CollaborationOptions, 'serverUrl' | 'user' | 'token' | 'getToken' | 'readOnly'>;
}

/**
 * A collaborative rich-text editor for one document of a Tandem sync server: toolbar,
 * remote carets, presence, typing indicator, connection and durable-save status, offline copy.
 */
export function CollaborativeEditor(props: CollaborativeEditorProps) {
  return props.collaboration ? <EditorFrame {...props} collaboration={props.collaboration} /> : <OwnConnection {...props} />;
}

function OwnConnection(props: CollaborativeEditorProps) {
  const collaboration = useCollaboration(props.docId, {
    ...props.options,
    serverUrl: props.serverUrl,
    user: props.user,
    ...(props.token === undefined ? {} : { token: props.token }),
    ...(props.getToken === undefined ? {} : { getToken: props.getToken }),
    ...(props.readOnly === undefined ? {} : { readOnly: props.readOnly }),
  });
  return <EditorFrame {...props} collaboration={collaboration} />;
}

function EditorFrame({
  collaboration,
  readOnly: readOnlyProp = false,
  className,
  onStatusChange,
  user,
  header,
  warnBeforeUnload = true,
  publicServerUrl,
}: CollaborativeEditorProps & { collaboration: CollaborationState }) {
  const { status, offlineCause, synced, saveState, people, notices, error, doc, provider, accessProblem, accessChanged } = collaboration;
  // View only when asked, when the server says so, or when access was refused or removed.
  const readOnly = readOnlyProp || collaboration.readOnly || accessProblem === 'access-denied' || accessProblem === 'access-removed';
  useUnsavedChangesWarning(warnBeforeUnload && doc !== null && !readOnly && saveState !== 'saved');
  // Whose caret this view follows (their person key), and their tabs while they are here.
  const [following, setFollowing] = useState<string | null>(null);
  const followed = following === null ? undefined : people.find((person) => person.key === following && !person.isSelf);
  useEffect(() => {
    if (following !== null && followed === undefined) setFollowing(null);
  }, [following, followed]);

  // Report each status once, even when the callback is a new function on every render.
  const onStatusChangeRef = useRef(onStatusChange);
  onStatusChangeRef.current = onStatusChange;
  useEffect(() => {
    onStatusChangeRef.current?.(status);
  }, [status]);

  const meta = (
    <div className="tandem-editor__meta">
      <TypingIndicator people={people} />
      <PresenceList
        people={people}
        following={following}
        onFollow={doc ? (person) => setFollowing((current) => (current === person.key ? null : person.key)) : undefined}
      />
      <StatusBadge status={status} saveState={saveState} synced={synced} readOnly={readOnly} offlineCause={offlineCause} />
    </div>
  );
  const banners = (
    <>
      {followed !== undefined && (
        <div
          className="tandem-following"
          data-testid="following-indicator"
          role="status"
          style={{ '--tandem-person-color': followed.color } as CSSProperties}
        >
          <span>
            Following <strong>{followed.name}</strong>: your view moves with their caret.
          </span>
          <button type="button" className="tandem-popover__button" data-testid="stop-following" onClick={() => setFollowing(null)}>
            Stop following
          </button>
        </div>
      )}
      {status === 'offline' && accessProblem === null && (
        <p className="tandem-editor__banner" data-testid="offline-banner" data-cause={offlineCause ?? undefined} role="status">
          {offlineCause === 'network' ? (
            <>
              <strong>You're offline.</strong> Your edits are kept on this device and will sync when you're back online.
            </>
          ) : (
            <>
              <strong>The server can't be reached.</strong> Your edits are kept on this device and will sync once it's back.
            </>
          )}
        </p>
      )}
      {accessChanged === 'view-only' && accessProblem === null && (
        <p className="tandem-editor__banner" data-testid="access-changed" role="status">
          <strong>Your access changed to view only.</strong> You can keep reading along; editing is off.
        </p>
      )}
      {error !== null && (
        <p
          className="tandem-editor__banner tandem-editor__banner--error"
          data-testid="editor-error"
          data-problem={accessProblem ?? undefined}
          role="alert"
        >
          {error}
        </p>
      )}
    </>
  );

  return (
    <div
      className={`tandem-editor${className ? ` ${className}` : ''}`}
      data-testid="collaborative-editor"
      data-status={status}
      data-synced={synced || undefined}
      data-save-state={saveState}
      data-read-only={readOnly || undefined}
    >
      {doc && provider ? (
        <TiptapSurface
          key={doc.guid}
          doc={doc}
          provider={provider}
          user={user}
          readOnly={readOnly}
          meta={meta}
          banners={banners}
          header={header}
          follow={{ clientIds: followed?.clientIds ?? null, onStop: () => setFollowing(null) }}
          publicServerUrl={publicServerUrl}
        />
      ) : (
        <Layout
          toolbar={readOnly ? <ViewOnlyBadge /> : null}
          meta={meta}
          banners={banners}
          header={header}
          content={<div className="tandem-editor__surface" aria-busy="true" />}
        />
      )}
      <Notices notices={notices} />
    </div>
  );
}
