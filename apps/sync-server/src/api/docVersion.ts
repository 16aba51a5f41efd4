import { createHash } from 'node:crypto';
import * as Y from 'yjs';

/**
 * The ETag of a document's current state: a hash of its state vector and delete set (a Yjs
 * snapshot). Deleting text adds no new items, so the state vector alone would not change; the
 * snapshot does, with every edit, on every replica that has seen the same edits. The same for
 * every format of the document: it names the version, which is what `If-Match` compares.
 */
export function docVersion(doc: Y.Doc): string {
  const snapshot = Y.encodeSnapshot(Y.snapshot(doc));
  return `"${createHash('sha256').update(snapshot).digest('base64url').slice(0, 27)}"`;
}
