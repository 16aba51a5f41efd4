import type { Editor } from '@tiptap/react';
import { createContext, type ReactNode, useContext, useMemo } from 'react';

/** Moves the caret into the document's text, at its start or its end. False when the text is not ready yet. */
export type FocusText = (at: 'start' | 'end') => boolean;

const notReady: FocusText = () => false;

const EditorFocusContext = createContext<FocusText>(notReady);

/** Gives the editor's `header` (e.g. a title field) a way to hand the caret on to the text. */
export function EditorFocusProvider({ editor, children }: { editor: Editor | null; children: ReactNode }) {
  const focusText = useMemo<FocusText>(
    () =>
      editor === null
        ? notReady
        : (at) => {
            if (editor.isDestroyed) return false;
            // Tiptap's focus command sets the selection now but focuses in the next animation
            // frame; keys typed right after Enter in the title would still land in the title.
            // ProseMirror's view.focus() is synchronous.
            if (!editor.commands.focus(at)) return false;
            editor.view.focus();
            return true;
          },
    [editor],
  );
  return <EditorFocusContext.Provider value={focusText}>{children}</EditorFocusContext.Provider>;
}

/**
 * Inside `<CollaborativeEditor header={…}>`: `focusText('start')` puts the caret at the start of
 * the text (what Enter or ArrowDown in a title field should do). Outside, or before the editor
 * exists, it does nothing and returns false.
 */
export function useEditorFocus(): FocusText {
  return useContext(EditorFocusContext);
}
