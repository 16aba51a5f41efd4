import { DocSchema } from '@tandem/protocol';
import { tandemExtensions } from '@tandem/schema';
import type { Editor, Extensions } from '@tiptap/core';
import Collaboration from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import { CharacterCount } from '@tiptap/extensions';
import type { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import { DomShortcuts, isFindShortcut, isShortcutsSheetShortcut } from './domShortcuts.js';
import { FindReplace } from './findReplace.js';
import { ImageFileInput } from './imageFileInput.js';
import { ImagePaste } from './imagePaste.js';
import { LinkEditing } from './linkEditing.js';
import { CollaborativeImage } from './collaborativeImage.js';
import { readCollaborators } from './collaborators.js';
import { MarkdownPaste } from './markdownPaste.js';
import { type MentionCandidate, mentionCandidates } from './mentionCandidates.js';
import { mentionWithMenu } from './mentionMenu.js';
import { readPeople, type User } from './presence.js';
import { renderCaret } from './remoteCarets.js';
import type { SlashMenuController } from './slashMenuController.js';
import { SlashMenuExtension } from './slashMenuExtension.js';
import { SteadyUndoSteps } from './steadyUndoSteps.js';
import type { SuggestionMenuController } from './suggestionMenuController.js';

export interface EditorExtensionOptions {
  doc: Y.Doc;
  provider: WebsocketProvider;
  user: User;
  /** Mod-K: open the link popover. */
  onOpenLink: () => void;
  /** `/image`: open the image form. */
  onOpenImage: () => void;
  /** Image files pasted or dropped at `pos`. */
  onImageFiles: (editor: Editor, files: File[], pos: number) => void;
  /** Mod-F: open the find bar. */
  onOpenFind: () => void;
  /** Mod-/: open the keyboard shortcuts sheet. */
  onOpenShortcuts: () => void;
  /** Receives the slash menu's query and keys. */
  slashMenu: SlashMenuController;
  /** Receives the `@` menu's query and keys. */
  mentionMenu: SuggestionMenuController<MentionCandidate>;
}

/**
 * The document's extensions (`@tandem/schema`) plus what a live editor adds: the shared Y.Doc
 * (with per-user undo), remote carets, word and character counts, the link shortcut, the slash and `@` menus, find/replace, image files pasted or dropped, image and Markdown paste
 * and the panel shortcuts.
 */
export function editorExtensions({
  doc,
  provider,
  user,
  onOpenLink,
  onOpenImage,
  onImageFiles,
  onOpenFind,
  onOpenShortcuts,
  slashMenu,
  mentionMenu,
}: EditorExtensionOptions): Extensions {
  const candidates = (query: string) =>
    mentionCandidates(
      readPeople(provider.awareness.getStates() as Map<number, Record<string, unknown>>, doc.clientID),
      readCollaborators(doc),
      query,
    );
  return [
    // The schema's mention node with the `@` menu added, its image with a view that follows remote resizes.
    ...tandemExtensions().filter((extension) => extension.name !== 'mention' && extension.name !== 'image'),
    mentionWithMenu(mentionMenu, candidates),
    CollaborativeImage,
    Collaboration.configure({ document: doc, field: DocSchema.content }),
    SteadyUndoSteps,
    CollaborationCaret.configure({
      provider,
      user: { name: user.name, color: user.color, clientId: provider.awareness.clientID },
      render: renderCaret,
    }),
    CharacterCount,
    LinkEditing.configure({ onOpen: onOpenLink }),
    SlashMenuExtension.configure({ controller: slashMenu, actions: { openImage: onOpenImage } }),
    FindReplace,
    ImageFileInput.configure({ onFiles: onImageFiles }),
    ImagePaste,
    MarkdownPaste,
    DomShortcuts.configure({
      shortcuts: [
        { matches: isFindShortcut, run: onOpenFind },
        { matches: isShortcutsSheetShortcut, run: onOpenShortcuts },
      ],
    }),
  ];
}
