/**
 * "This tab just created document X": set by the New document button, taken (once) by the document
 * page, which then puts the caret in the empty title. Opening an existing document, from the list or
 * a link, finds no mark and leaves the focus alone. Kept in sessionStorage (this tab only).
 */
export const CREATED_STORAGE_KEY = 'tandem.created';

export function markCreated(docId: string): void {
  sessionStorage.setItem(CREATED_STORAGE_KEY, docId);
}

/** True once for the document this tab just created; clears the mark. */
export function takeCreated(docId: string): boolean {
  if (sessionStorage.getItem(CREATED_STORAGE_KEY) !== docId) return false;
  sessionStorage.removeItem(CREATED_STORAGE_KEY);
  return true;
}
