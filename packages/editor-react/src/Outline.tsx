import { type Editor, useEditorState } from '@tiptap/react';

export interface OutlineEntry {
  level: number;
  text: string;
  /** Document position of the heading node. */
  pos: number;
}

/** The document's headings, in order. */
export function readOutline(editor: Editor): OutlineEntry[] {
  const entries: OutlineEntry[] = [];
  editor.state.doc.descendants((node, pos) => {
    if (node.type.name === 'heading') {
      entries.push({ level: Number(node.attrs.level) || 1, text: node.textContent, pos });
      return false;
    }
    return true;
  });
  return entries;
}

/**
 * The outline: the document's headings (live as anyone edits), each a button that scrolls to its
 * heading and puts the caret at its end.
 */
export function Outline({ editor }: { editor: Editor }) {
  const entries = useEditorState({ editor, selector: ({ editor: e }) => readOutline(e) });
  const jump = (entry: OutlineEntry) => {
    const end = entry.pos + 1 + entry.text.length;
    editor.chain().setTextSelection(end).focus(undefined, { scrollIntoView: false }).run();
    const dom = editor.view.nodeDOM(entry.pos);
    if (dom instanceof HTMLElement) dom.scrollIntoView({ block: 'start' });
    // A read-only text is focused directly (Tiptap's focus leaves a non-editable view alone).
    if (!editor.isEditable) editor.view.dom.focus({ preventScroll: true });
  };
  return (
    <nav className="tandem-outline" aria-label="Outline" data-testid="outline">
      {entries.length === 0 ? (
        <p className="tandem-outline__empty">Headings you add appear here.</p>
      ) : (
        <ol>
          {entries.map((entry) => (
            <li key={entry.pos} className={`tandem-outline__item tandem-outline__item--h${entry.level}`}>
              <button
                type="button"
                className="tandem-outline__link"
                data-testid="outline-entry"
                data-level={entry.level}
                onClick={() => jump(entry)}
              >
                {entry.text || 'Untitled heading'}
              </button>
            </li>
          ))}
        </ol>
      )}
    </nav>
  );
}
