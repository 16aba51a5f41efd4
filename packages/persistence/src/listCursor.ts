/**
 * `list` cursors: the base64url of the last returned doc name, so paging continues strictly
 * after it even if documents are created or deleted between pages. Opaque to callers.
 */
export function encodeListCursor(lastDocName: string): string {
  return Buffer.from(lastDocName, 'utf8').toString('base64url');
}

/** Returns the doc name inside a cursor; throws a plain Error if it is not one of ours. */
export function decodeListCursor(cursor: string): string {
  if (cursor === '' || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw new Error(`invalid list cursor ${JSON.stringify(cursor)}`);
  const name = Buffer.from(cursor, 'base64url').toString('utf8');
  if (name === '' || encodeListCursor(name) !== cursor) throw new Error(`invalid list cursor ${JSON.stringify(cursor)}`);
  return name;
}
