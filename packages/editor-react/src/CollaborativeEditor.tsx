import Collaboration from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import { type Editor, EditorContent, useEditor } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import { type ReactNode, useEffect, useRef } from 'react';
import type { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import type { CollaborationOptions } from './collaborationSession.js';
import type { ConnectionStatus } from './connectionStatus.js';
import { DocSchema } from '@tandem/protocol';
import { EditorFocusProvider } from './editorFocus.js';
import { Notices } from './Notices.js';
import type { User } from './presence.js';
import { PresenceList, TypingIndicator } from './PresenceList.js';
import { StatusBadge } from './StatusBadge.js';
import { Toolbar } from './Toolbar.js';
import { type Collaboration as CollaborationState, useCollaboration } from './useCollaboration.js';

export interface CollaborativeEditorProps {
  docId: string;
  /** The sync server's WebSocket URL, e.g. `ws://localhost:1234`. */
  serverUrl: string;
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

function EditorFrame({ collaboration, readOnly: readOnlyProp = false, className, onStatusChange, user, header }: CollaborativeEditorProps & { collaboration: CollaborationState }) {
  const { status, synced, saveState, people, notices, error, doc, provider, accessProblem } = collaboration;
  // View only when asked, when the server says so, or when access was refused.
  const readOnly = readOnlyProp || collaboration.readOnly || accessProblem === 'access-denied';

  // Report each status once, even when the callback is a new function on every render.
  const onStatusChangeRef = useRef(onStatusChange);
  onStatusChangeRef.current = onStatusChange;
  useEffect(() => {
    onStatusChangeRef.current?.(status);
  }, [status]);

  const meta = (
    <div className="tandem-editor__meta">
      <TypingIndicator people={people} />
      <PresenceList people={people} />
      <StatusBadge status={status} saveState={saveState} synced={synced} readOnly={readOnly} />
    </div>
  );
  const banners = (
    <>
      {status === 'offline' && accessProblem === null && (
        <p className="tandem-editor__banner" data-testid="offline-banner" role="status">
          <strong>You're offline.</strong> Changes are kept on this device and will sync when the connection is back.
        </p>
      )}
      {error !== null && (
        <p className="tandem-editor__banner tandem-editor__banner--error" data-testid="editor-error" data-problem={accessProblem ?? undefined} role="alert">
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
        <TiptapSurface key={doc.guid} doc={doc} provider={provider} user={user} readOnly={readOnly} meta={meta} banners={banners} header={header} />
      ) : (
        <Layout toolbar={readOnly ? <ViewOnlyBadge /> : null} meta={meta} banners={banners} header={header} content={<div className="tandem-editor__surface" aria-busy="true" />} />
      )}
      <Notices notices={notices} />
    </div>
  );
}

interface LayoutProps {
  toolbar: ReactNode;
  meta: ReactNode;
  banners: ReactNode;
  header: ReactNode;
  content: ReactNode;
}

function Layout({ toolbar, meta, banners, header, content }: LayoutProps) {
  return (
    <>
      <div className="tandem-editor__bar">
        {toolbar ?? <div className="tandem-toolbar tandem-toolbar--placeholder" />}
        {meta}
      </div>
      {banners}
      {header ? <div className="tandem-editor__header">{header}</div> : null}
      {content}
    </>
  );
}

function TiptapSurface({
  doc,
  provider,
  user,
  readOnly,
  meta,
  banners,
  header,
}: {
  doc: Y.Doc;
  provider: WebsocketProvider;
  user: User;
  readOnly: boolean;
  meta: ReactNode;
  banners: ReactNode;
  header: ReactNode;
}) {
  const editor = useEditor(
    {
      immediatelyRender: false,
      editable: !readOnly,
      extensions: [
        StarterKit.configure({ undoRedo: false }),
        Collaboration.configure({ document: doc, field: DocSchema.content }),
        CollaborationCaret.configure({
          provider,
          user: { name: user.name, color: user.color, clientId: provider.awareness.clientID },
          render: renderCaret,
        }),
      ],
      editorProps: {
        attributes: {
          class: 'tandem-editor__prose',
          'data-testid': 'editor-content',
          'aria-label': 'Document',
        },
      },
    },
    [doc, provider],
  );

  useEffect(() => {
    editor?.setEditable(!readOnly);
  }, [editor, readOnly]);

  useEffect(() => (editor ? repaintCaretsOnRename(editor, provider.awareness) : undefined), [editor, provider]);

  return (
    <EditorFocusProvider editor={editor}>
      <Layout
        toolbar={readOnly ? <ViewOnlyBadge /> : editor ? <Toolbar editor={editor} /> : null}
        meta={meta}
        banners={banners}
        header={header}
        content={editor ? <EditorContent editor={editor} className="tandem-editor__surface" /> : <div className="tandem-editor__surface" aria-busy="true" />}
      />
    </EditorFocusProvider>
  );
}

/** Where the toolbar would be: says the document is open for reading only. */
function ViewOnlyBadge() {
  return (
    <span className="tandem-view-only" data-testid="view-only-badge" title="You can read this document and see changes live, but not edit it.">
      <svg width="14" height="14" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
        <path d="M2 12s3.5-7 10-7 10 7 10 7-3.5 7-10 7S2 12 2 12Z" />
        <circle cx="12" cy="12" r="3" />
      </svg>
      View only
    </span>
  );
}

/** A remote caret: a coloured bar with the person's name in a label above it. */
function renderCaret(user: Record<string, unknown>): HTMLElement {
  const caret = document.createElement('span');
  caret.className = 'collaboration-carets__caret';
  caret.dataset.testid = 'remote-caret';
  if (typeof user.clientId === 'number') caret.dataset.client = String(user.clientId);
  const label = document.createElement('span');
  label.className = 'collaboration-carets__label';
  caret.append(label);
  paintCaret(caret, user);
  return caret;
}

/** Writes the name and colour into a caret's DOM, touching it only where they changed. */
function paintCaret(caret: HTMLElement, user: Record<string, unknown>): void {
  const name = typeof user.name === 'string' ? user.name : '';
  const color = typeof user.color === 'string' ? user.color : 'transparent';
  if (caret.dataset.color !== color) {
    caret.dataset.color = color;
    caret.style.setProperty('--tandem-caret-color', color);
  }
  if (caret.dataset.name !== name) {
    caret.dataset.name = name;
    const label = caret.firstElementChild;
    if (label !== null) label.textContent = name;
  }
}

/**
 * The caret plugin keys each caret widget by client id, so ProseMirror keeps the DOM it drew first:
 * a new name or colour would only show once that person moved their caret. This repaints the
 * carets of every client whose awareness changed (most changes are cursor moves: `paintCaret`
 * then leaves the DOM alone). Returns the unsubscribe function.
 */
function repaintCaretsOnRename(editor: Editor, awareness: WebsocketProvider['awareness']): () => void {
  const onChange = ({ updated }: { updated: number[] }): void => {
    if (editor.isDestroyed) return;
    for (const clientId of updated) {
      const user: unknown = awareness.getStates().get(clientId)?.user;
      if (typeof user !== 'object' || user === null) continue;
      for (const caret of editor.view.dom.querySelectorAll<HTMLElement>(`.collaboration-carets__caret[data-client="${clientId}"]`)) {
        paintCaret(caret, user as Record<string, unknown>);
      }
    }
  };
  awareness.on('change', onChange);
  return () => awareness.off('change', onChange);
}
