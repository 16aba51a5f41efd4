import { TextSelection } from '@tiptap/pm/state';
import { type Editor, useEditorState } from '@tiptap/react';
import { findNext, findPrev, replaceAll, replaceNext } from 'prosemirror-search';
import { type KeyboardEvent, useEffect, useRef, useState } from 'react';
import { isFindShortcut } from './domShortcuts.js';
import { matchCount, setSearchState, textQuery } from './findReplace.js';

export interface FindBarProps {
  editor: Editor;
  /** Replace is offered only to people who can edit. */
  canReplace: boolean;
  onClose: () => void;
  /** Changes each time Mod-F is pressed again while the bar is open: the find field is focused and selected. */
  focusRequest: number;
}

/**
 * Find (and replace) in the document: the matches are highlighted as you type, "3 of 12" says
 * where you are, Enter / Shift+Enter (or the arrows) go to the next / previous match, Escape
 * closes and leaves the caret on the match. Replace and Replace all are one undo step each.
 */
export function FindBar({ editor, canReplace, onClose, focusRequest }: FindBarProps) {
  const [find, setFind] = useState('');
  const [replace, setReplace] = useState('');
  const findInput = useRef<HTMLInputElement>(null);
  const { total, current } = useEditorState({ editor, selector: ({ editor: e }) => matchCount(e.state) });

  // biome-ignore lint/correctness/useExhaustiveDependencies: focusRequest is the trigger
  useEffect(() => {
    findInput.current?.focus();
    findInput.current?.select();
  }, [focusRequest]);

  // The query follows the fields; closing clears the highlights.
  useEffect(() => {
    const { state, view } = editor;
    view.dispatch(setSearchState(state.tr, textQuery(find, replace)));
  }, [editor, find, replace]);
  useEffect(
    () => () => {
      if (!editor.isDestroyed) editor.view.dispatch(setSearchState(editor.state.tr, textQuery('')));
    },
    [editor],
  );

  const run = (command: typeof findNext) => command(editor.state, editor.view.dispatch);
  const onFindChange = (text: string) => {
    setFind(text);
    // Jump to the first match from where the caret is (or from the top).
    const query = textQuery(text, replace);
    const { state } = editor;
    const match = query.valid ? (query.findNext(state, state.selection.from) ?? query.findNext(state, 0)) : null;
    if (match !== null) editor.view.dispatch(state.tr.setSelection(TextSelection.create(state.doc, match.from, match.to)).scrollIntoView());
  };
  const close = () => {
    onClose();
    editor.commands.focus();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLElement>, onEnter: (shift: boolean) => void) => {
    if (isFindShortcut(event)) {
      event.preventDefault();
      findInput.current?.focus();
      findInput.current?.select();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      close();
    } else if (event.key === 'Enter') {
      event.preventDefault();
      onEnter(event.shiftKey);
    }
  };
  const status =
    find.length === 0
      ? ''
      : total === 0
        ? 'No matches'
        : current > 0
          ? `${current} of ${total}`
          : `${total} ${total === 1 ? 'match' : 'matches'}`;

  return (
    // biome-ignore lint/a11y/useSemanticElements: a search landmark, not a form that submits
    <div className="tandem-find" role="search" aria-label="Find in document" data-testid="find-bar">
      <div className="tandem-find__row">
        <input
          ref={findInput}
          className="tandem-find__input"
          data-testid="find-input"
          type="search"
          aria-label="Find"
          placeholder="Find"
          value={find}
          onChange={(event) => onFindChange(event.target.value)}
          onKeyDown={(event) => onKeyDown(event, (shift) => run(shift ? findPrev : findNext))}
        />
        <span className="tandem-find__status" data-testid="find-status" data-total={total} data-current={current} role="status">
          {status}
        </span>
        <button
          type="button"
          className="tandem-popover__button"
          data-testid="find-prev"
          aria-label="Previous match"
          aria-keyshortcuts="Shift+Enter"
          disabled={total === 0}
          onClick={() => run(findPrev)}
        >
          ↑
        </button>
        <button
          type="button"
          className="tandem-popover__button"
          data-testid="find-next"
          aria-label="Next match"
          aria-keyshortcuts="Enter"
          disabled={total === 0}
          onClick={() => run(findNext)}
        >
          ↓
        </button>
        <button
          type="button"
          className="tandem-popover__button"
          data-testid="find-close"
          aria-label="Close find"
          aria-keyshortcuts="Escape"
          onClick={close}
        >
          ×
        </button>
      </div>
      {canReplace && (
        <div className="tandem-find__row">
          <input
            className="tandem-find__input"
            data-testid="replace-input"
            type="text"
            aria-label="Replace with"
            placeholder="Replace with"
            value={replace}
            onChange={(event) => setReplace(event.target.value)}
            onKeyDown={(event) => onKeyDown(event, () => run(replaceNext))}
          />
          <button
            type="button"
            className="tandem-popover__button"
            data-testid="replace-next"
            disabled={total === 0}
            onClick={() => run(replaceNext)}
          >
            Replace
          </button>
          <button
            type="button"
            className="tandem-popover__button"
            data-testid="replace-all"
            disabled={total === 0}
            onClick={() => run(replaceAll)}
          >
            Replace all
          </button>
        </div>
      )}
    </div>
  );
}
