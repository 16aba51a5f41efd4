import { type Editor, EditorContent, useEditor } from '@tiptap/react';
import { type ReactNode, useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import type { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import { editorExtensions } from './editorExtensions.js';
import { DocumentTools } from './DocumentTools.js';
import { EditorFocusProvider } from './editorFocus.js';
import { FindBar } from './FindBar.js';
import { type ImageAnchor, anchorAt, insertImageAt } from './imageAnchors.js';
import { type ImageFormMode, ImagePopover } from './ImagePopover.js';
import { Icon } from './icons.js';
import { isImageFile, uploadImage } from './imageUpload.js';
import { LinkPopover } from './LinkPopover.js';
import type { MentionCandidate } from './mentionCandidates.js';
import { MentionMenu } from './MentionMenu.js';
import { Outline } from './Outline.js';
import type { User } from './presence.js';
import { repaintCaretsOnRename } from './remoteCarets.js';
import { ShortcutsSheet } from './ShortcutsSheet.js';
import { SlashMenu } from './SlashMenu.js';
import { SlashMenuController } from './slashMenuController.js';
import { SuggestionMenuController } from './suggestionMenuController.js';
import { Toolbar } from './Toolbar.js';
import { UploadQueue } from './uploadQueue.js';
import { UploadStatus } from './UploadStatus.js';
import { useFollowCaret } from './useFollowCaret.js';
import { WordCount } from './WordCount.js';

export interface LayoutProps {
  toolbar: ReactNode;
  /** Buttons for everyone (outline, shortcuts), between the toolbar and the meta. */
  tools?: ReactNode;
  meta: ReactNode;
  banners: ReactNode;
  header: ReactNode;
  content: ReactNode;
}

export function Layout({ toolbar, tools, meta, banners, header, content }: LayoutProps) {
  return (
    <>
      <div className="tandem-editor__bar">
        {toolbar ?? <div className="tandem-toolbar tandem-toolbar--placeholder" />}
        {tools}
        {meta}
      </div>
      {banners}
      {header ? <div className="tandem-editor__header">{header}</div> : null}
      {content}
    </>
  );
}

/** The live Tiptap editor on the shared doc, with its toolbar, popovers, menus and find bar. */
export function TiptapSurface({
  doc,
  provider,
  user,
  readOnly,
  meta,
  banners,
  header,
  follow,
  publicServerUrl,
}: {
  doc: Y.Doc;
  provider: WebsocketProvider;
  user: User;
  readOnly: boolean;
  meta: ReactNode;
  banners: ReactNode;
  header: ReactNode;
  /** The tabs of the person whose caret this view follows (null: nobody), and how to stop. */
  follow: { clientIds: readonly number[] | null; onStop: () => void };
  /** The sync server as everyone reaches it, for uploaded images' addresses (default: the provider's). */
  publicServerUrl?: string | undefined;
}) {
  const [linkEditing, setLinkEditing] = useState(false);
  const [imageForm, setImageForm] = useState<ImageFormMode>(null);
  const [slashMenu] = useState(() => new SlashMenuController());
  const [mentionMenu] = useState(() => new SuggestionMenuController<MentionCandidate>());
  // Open, and a counter bumped by each Mod-F so the open bar takes the focus again.
  const [find, setFind] = useState({ open: false, request: 0 });
  const openFind = () => setFind((f) => ({ open: true, request: f.request + 1 }));
  const [outlineOpen, setOutlineOpen] = useState(false);
  const [shortcutsOpen, setShortcutsOpen] = useState(false);
  const outlineId = useId();
  const editorRef = useRef<Editor | null>(null);
  // Images go to this document's sync server, with the token the connection uses now.
  const publicServer = useRef(publicServerUrl);
  publicServer.current = publicServerUrl;
  const [uploads] = useState(
    () =>
      new UploadQueue<ImageAnchor>({
        upload: (file, onProgress) =>
          uploadImage(
            {
              serverUrl: provider.serverUrl,
              ...(publicServer.current === undefined ? {} : { publicServerUrl: publicServer.current }),
              docId: decodeURIComponent(provider.roomname),
              token: () => provider.params.token,
            },
            file,
            { onProgress },
          ),
        insert: (src, anchor) => {
          if (editorRef.current !== null) insertImageAt(editorRef.current, src, anchor);
        },
      }),
  );
  const addImageFiles = useCallback(
    (target: Editor, files: File[], pos: number) => {
      for (const file of files.filter((candidate) => !isImageFile(candidate))) {
        uploads.refuse(file, `“${file.name}” is not an image: you can add PNG, JPEG, GIF and WebP images.`);
      }
      const images = files.filter(isImageFile);
      if (images.length > 0) uploads.add(images, anchorAt(target, pos));
    },
    [uploads],
  );

  const editor = useEditor(
    {
      immediatelyRender: false,
      editable: !readOnly,
      extensions: editorExtensions({
        doc,
        provider,
        user,
        onOpenLink: () => setLinkEditing(true),
        onOpenImage: () => setImageForm('insert'),
        onImageFiles: addImageFiles,
        onOpenFind: openFind,
        onOpenShortcuts: () => setShortcutsOpen(true),
        slashMenu,
        mentionMenu,
      }),
      editorProps: {
        attributes: {
          class: 'tandem-editor__prose',
          'data-testid': 'editor-content',
          'aria-label': 'Document',
          // Tiptap sets these only when it creates the view; its later option updates drop them.
          role: 'textbox',
          'aria-multiline': 'true',
        },
      },
    },
    [doc, provider],
  );
  editorRef.current = editor;

  useEffect(() => {
    if (editor === null) return;
    editor.setEditable(!readOnly);
    // A read-only text still takes the focus, so that a reader can select, search (Mod-F) and scroll by keyboard.
    if (readOnly) editor.view.dom.setAttribute('tabindex', '0');
    else editor.view.dom.removeAttribute('tabindex');
  }, [editor, readOnly]);

  useEffect(() => (editor ? repaintCaretsOnRename(editor, provider.awareness) : undefined), [editor, provider]);
  useFollowCaret(editor, provider.awareness, follow.clientIds, follow.onStop);

  // The same elements while none of their inputs changed: the frame around re-renders on every
  // save-state change (twice a keystroke), and React then skips the toolbar and the text's panels.
  const toolbar = useMemo(
    () =>
      readOnly ? (
        <ViewOnlyBadge />
      ) : editor ? (
        <Toolbar editor={editor} onOpenLink={() => setLinkEditing(true)} onOpenImage={() => setImageForm('insert')} />
      ) : null,
    [readOnly, editor],
  );
  const tools = useMemo(
    () => (
      <DocumentTools
        outlineOpen={outlineOpen}
        outlineId={outlineId}
        onToggleOutline={() => setOutlineOpen((open) => !open)}
        onOpenShortcuts={() => setShortcutsOpen(true)}
        doc={doc}
      />
    ),
    [outlineOpen, outlineId, doc],
  );
  const content = useMemo(
    () =>
      editor ? (
        <>
          {outlineOpen && (
            <div id={outlineId}>
              <Outline editor={editor} />
            </div>
          )}
          {shortcutsOpen && <ShortcutsSheet onClose={() => setShortcutsOpen(false)} />}
          {find.open && (
            <FindBar
              editor={editor}
              canReplace={!readOnly}
              focusRequest={find.request}
              onClose={() => setFind((f) => ({ ...f, open: false }))}
            />
          )}
          <EditorContent editor={editor} className="tandem-editor__surface" />
          <LinkPopover editor={editor} editing={linkEditing && !readOnly} onEditingChange={setLinkEditing} />
          {!readOnly && (
            <ImagePopover
              editor={editor}
              mode={imageForm}
              onModeChange={setImageForm}
              onUpload={(files) => addImageFiles(editor, files, editor.state.selection.from)}
            />
          )}
          <UploadStatus queue={uploads} />
          <SlashMenu editor={editor} controller={slashMenu} />
          <MentionMenu editor={editor} controller={mentionMenu} />
          <WordCount editor={editor} />
        </>
      ) : (
        <div className="tandem-editor__surface" aria-busy="true" />
      ),
    [editor, outlineOpen, outlineId, shortcutsOpen, find, readOnly, linkEditing, imageForm, addImageFiles, uploads, slashMenu, mentionMenu],
  );

  return (
    <EditorFocusProvider editor={editor}>
      <Layout toolbar={toolbar} tools={tools} meta={meta} banners={banners} header={header} content={content} />
    </EditorFocusProvider>
  );
}

/** Where the toolbar would be: says the document is open for reading only. */
export function ViewOnlyBadge() {
  return (
    <span
      className="tandem-view-only"
      data-testid="view-only-badge"
      title="You can read this document and see changes live, but not edit it."
    >
      <Icon size={14}>
        <path d="M2 12s3.5-7 10-7 10 7 10 7-3.5 7-10 7S2 12 2 12Z" />
        <circle cx="12" cy="12" r="3" />
      </Icon>
      View only
    </span>
  );
}
