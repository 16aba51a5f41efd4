import { createHash, randomBytes } from 'node:crypto';

/** A random token for a link (share or invitation): 128 bits, URL-safe. */
export function newSecretToken(): string {
  return randomBytes(16).toString('base64url');
}

/** What the database keeps of a link's token: its SHA-256, so a copy of the database opens nothing. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A short random id with a readable prefix (`lnk_…`, `inv_…`). */
export function newId(prefix: string): string {
  return `${prefix}_${randomBytes(12).toString('base64url')}`;
}
