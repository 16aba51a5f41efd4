import type * as Y from 'yjs';

/**
 * Turns `ytext` into `next` with the smallest single splice (common prefix and suffix kept),
 * so concurrent edits elsewhere in the text survive and a caret in the other browser stays put.
 */
export function replaceText(ytext: Y.Text, next: string): void {
  const current = ytext.toString();
  if (current === next) return;
  let start = 0;
  const maxStart = Math.min(current.length, next.length);
  while (start < maxStart && current.charCodeAt(start) === next.charCodeAt(start)) start++;
  let end = 0;
  const maxEnd = Math.min(current.length, next.length) - start;
  while (end < maxEnd && current.charCodeAt(current.length - 1 - end) === next.charCodeAt(next.length - 1 - end)) end++;
  const apply = () => {
    const removed = current.length - start - end;
    if (removed > 0) ytext.delete(start, removed);
    const inserted = next.slice(start, next.length - end);
    if (inserted.length > 0) ytext.insert(start, inserted);
  };
  if (ytext.doc) ytext.doc.transact(apply);
  else apply();
}
