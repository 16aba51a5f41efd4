'use client';

import { useEditorFocus, useSharedText } from '@tandem/editor-react';
import { useEffect, useRef } from 'react';
import type * as Y from 'yjs';

export const TITLE_FIELD = 'title';
const MAX_TITLE_LENGTH = 200;

/**
 * The document title, shared through the Y.Doc (`Y.Text('title')`): a rename shows up live for
 * everyone, and the server copies it into the document list. Enter or ArrowDown moves the caret to
 * the start of the text. `autoFocus` puts the caret here as soon as the title can be edited, unless
 * the person has already put it somewhere else (a new document: type its name right away).
 */
export function TitleField({ doc, readOnly = false, autoFocus = false }: { doc: Y.Doc | null; readOnly?: boolean; autoFocus?: boolean }) {
  const [title, setTitle] = useSharedText(doc, TITLE_FIELD);
  const focusText = useEditorFocus();
  const input = useRef<HTMLInputElement>(null);
  const editable = !readOnly && doc !== null;

  useEffect(() => {
    document.title = `${title.trim() || 'Untitled'} · Tandem`;
  }, [title]);

  useEffect(() => {
    const active = document.activeElement;
    if (autoFocus && editable && (active === null || active === document.body)) input.current?.focus();
  }, [autoFocus, editable]);

  return (
    <input
      ref={input}
      className="title-field"
      data-testid="doc-title"
      aria-label="Document title"
      placeholder="Untitled"
      value={title}
      maxLength={MAX_TITLE_LENGTH}
      readOnly={!editable}
      spellCheck
      onChange={(event) => setTitle(event.target.value)}
      onKeyDown={(event) => {
        // Enter and ArrowDown move on to the text, as in Notion.
        if ((event.key === 'Enter' || event.key === 'ArrowDown') && !event.nativeEvent.isComposing && focusText('start'))
          event.preventDefault();
      }}
    />
  );
}
