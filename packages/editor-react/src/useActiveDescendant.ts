import type { Editor } from '@tiptap/react';
import { useEffect } from 'react';

/**
 * While a suggestion menu is open, the text box points at its listbox (`aria-controls`) and at the
 * active option (`aria-activedescendant`): focus stays in the text, where the person keeps
 * typing the query, and a screen reader announces the option. The active option is scrolled into
 * view.
 */
export function useActiveDescendant(editor: Editor, open: boolean, listId: string, activeId: string | null): void {
  useEffect(() => {
    if (editor.isDestroyed || !open) return;
    const dom = editor.view.dom;
    dom.setAttribute('aria-controls', listId);
    if (activeId === null) dom.removeAttribute('aria-activedescendant');
    else dom.setAttribute('aria-activedescendant', activeId);
    return () => {
      dom.removeAttribute('aria-controls');
      dom.removeAttribute('aria-activedescendant');
    };
  }, [editor, open, listId, activeId]);

  useEffect(() => {
    if (activeId !== null) document.getElementById(activeId)?.scrollIntoView({ block: 'nearest' });
  }, [activeId]);
}
