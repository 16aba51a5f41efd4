'use client';

import { useSharedText } from '@tandem/editor-react';
import { useEffect } from 'react';
import type * as Y from 'yjs';

export const TITLE_FIELD = 'title';
const MAX_TITLE_LENGTH = 200;

/**
 * The document title, shared through the Y.Doc (`Y.Text('title')`): a rename shows up live for
 * everyone, and the server copies it into the document list.
 */
export function TitleField({ doc, readOnly = false }: { doc: Y.Doc | null; readOnly?: boolean }) {
  const [title, setTitle] = useSharedText(doc, TITLE_FIELD);

  useEffect(() => {
    document.title = `${title.trim() || 'Untitled'} · Tandem`;
  }, [title]);

  return (
    <input
      className="title-field"
      data-testid="doc-title"
      aria-label="Document title"
      placeholder="Untitled"
      value={title}
      maxLength={MAX_TITLE_LENGTH}
      readOnly={readOnly || doc === null}
      spellCheck
      onChange={(event) => setTitle(event.target.value)}
      onKeyDown={(event) => {
        // Enter moves on to the text, as in most editors.
        if (event.key === 'Enter') {
          event.preventDefault();
          document.querySelector<HTMLElement>('[data-testid="editor-content"]')?.focus();
        }
      }}
    />
  );
}
