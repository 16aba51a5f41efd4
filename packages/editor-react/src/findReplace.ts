import { Extension } from '@tiptap/core';
import type { EditorState } from '@tiptap/pm/state';
import { getSearchState, SearchQuery, search, setSearchState } from 'prosemirror-search';

/**
 * Find and replace on `prosemirror-search` (the ProseMirror project's own search plugin):
 * it keeps the query and highlights the matches; `FindBar` drives it. Decorations only, so
 * nothing of a search reaches the shared document.
 */
export const FindReplace = Extension.create({
  name: 'findReplace',

  addProseMirrorPlugins() {
    return [search()];
  },
});

/** A case-insensitive plain-text query (what the find bar searches for). */
export function textQuery(text: string, replace = ''): SearchQuery {
  return new SearchQuery({ search: text, replace, literal: true });
}

export { setSearchState };

/** How many matches the current query has, and which one (1-based) is selected, 0 when none is. */
export function matchCount(state: EditorState): { total: number; current: number } {
  const query = getSearchState(state)?.query;
  if (query === undefined || !query.valid) return { total: 0, current: 0 };
  const { from, to } = state.selection;
  let total = 0;
  let current = 0;
  for (
    let match = query.findNext(state, 0);
    match !== null;
    match = query.findNext(state, match.to > match.from ? match.to : match.to + 1)
  ) {
    total += 1;
    if (match.from === from && match.to === to) current = total;
  }
  return { total, current };
}
