import type { IncomingMessage } from 'node:http';
import { HttpError } from '../httpError.js';

/** The entity tags listed in a header (`"a", W/"b"`), or `*`; null when the header is absent. */
function listedTags(value: string | undefined): string[] | '*' | null {
  if (value === undefined) return null;
  if (value.trim() === '*') return '*';
  return [...value.matchAll(/(?:W\/)?"[^"]*"/g)].map((match) => match[0]);
}

/**
 * `If-Match` on a write: the document must still be at one of the listed versions (`*`: any),
 * else 412 with the current ETag, and nothing is written. Weak tags never match (RFC 9110).
 */
export function checkIfMatch(req: IncomingMessage, currentTag: string): void {
  const tags = listedTags(req.headers['if-match']);
  if (tags === null || tags === '*' || tags.includes(currentTag)) return;
  throw new HttpError(412, 'the document changed since the version in If-Match; read it again', {
    headers: { ETag: currentTag },
    details: { etag: currentTag },
  });
}

/** `If-None-Match` on a read: true when the caller already has this version (answer 304). */
export function notModified(req: IncomingMessage, currentTag: string): boolean {
  const tags = listedTags(req.headers['if-none-match']);
  if (tags === null) return false;
  return tags === '*' || tags.some((tag) => tag.replace(/^W\//, '') === currentTag);
}
