import { ProtocolError } from './protocolError.js';

/** Longest accepted document name, in characters. */
export const MAX_DOC_NAME_LENGTH = 200;

const allowedChars = /^[A-Za-z0-9\-_.~:@/]+$/;
const startsWithLetterOrDigit = /^[A-Za-z0-9]/;

/** Why `name` is not a valid document name, or null when it is. */
function problemWith(name: unknown): string | null {
  if (typeof name !== 'string') return `must be a string, got ${typeof name}`;
  if (name.length === 0) return 'must not be empty';
  if (name.length > MAX_DOC_NAME_LENGTH) return `must be at most ${MAX_DOC_NAME_LENGTH} characters, got ${name.length}`;
  if (!allowedChars.test(name)) return 'may only contain A-Z a-z 0-9 - _ . ~ : @ /';
  if (!startsWithLetterOrDigit.test(name)) return 'must start with a letter or digit';
  if (name.endsWith('/')) return 'must not end with "/"';
  if (name.includes('//')) return 'must not contain "//"';
  if (name.split('/').some((segment) => segment === '.' || segment === '..')) {
    return 'must not contain a "." or ".." path segment';
  }
  return null;
}

/**
 * Checks a document name (the URL-decoded WebSocket path without its leading `/`): 1-200 chars of
 * `A-Z a-z 0-9 - _ . ~ : @ /`, starting with a letter or digit, no `//`, no `.`/`..` segment, no
 * trailing `/`. Returns the name; throws a `ProtocolError` (kind `invalid-doc-name`) saying why not.
 */
export function validateDocName(name: unknown): string {
  const problem = problemWith(name);
  if (problem !== null) {
    const shown = typeof name === 'string' ? JSON.stringify(name.slice(0, 60)) : String(name);
    throw new ProtocolError('invalid-doc-name', `invalid document name ${shown}: ${problem}`);
  }
  return name as string;
}

/** True when `validateDocName` would accept `name`. */
export function isValidDocName(name: unknown): name is string {
  return problemWith(name) === null;
}
