import { useCallback, useSyncExternalStore } from 'react';
import type * as Y from 'yjs';
import { replaceText } from './replaceText.js';

/**
 * A plain string bound to a `Y.Text` of `doc` (e.g. the document title, `Y.Text('title')`):
 * re-renders on every local or remote change; `set` applies the smallest splice.
 * With no doc yet it reads as '' and `set` does nothing.
 */
export function useSharedText(doc: Y.Doc | null, name: string): [string, (next: string) => void] {
  const subscribe = useCallback(
    (onChange: () => void) => {
      if (doc === null) return () => {};
      const ytext = doc.getText(name);
      ytext.observe(onChange);
      return () => ytext.unobserve(onChange);
    },
    [doc, name],
  );
  const value = useSyncExternalStore(
    subscribe,
    () => (doc === null ? '' : doc.getText(name).toString()),
    () => '',
  );
  const set = useCallback(
    (next: string) => {
      if (doc !== null) replaceText(doc.getText(name), next);
    },
    [doc, name],
  );
  return [value, set];
}
