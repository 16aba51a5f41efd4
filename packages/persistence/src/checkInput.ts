import type { AppendOptions, ListOptions } from './documentStore.js';
import { StoreError } from './storeError.js';

const loneSurrogate = /\p{Cs}/u;

/**
 * The store accepts any name its keys can hold unambiguously: 1..1000 UTF-16 code units,
 * well-formed (no lone surrogates, which UTF-8 cannot round-trip) and without U+0000 (the
 * key separator). The stricter product rules live in `@tandem/protocol`'s validateDocName.
 */
export function checkDocName(docName: unknown): asserts docName is string {
  if (typeof docName !== 'string' || docName.length === 0 || docName.length > 1000) {
    throw new StoreError(`invalid doc name ${JSON.stringify(docName)}: expected a string of 1..1000 characters`);
  }
  if (docName.includes('\0') || loneSurrogate.test(docName)) {
    throw new StoreError(`invalid doc name ${JSON.stringify(docName)}: contains U+0000 or a lone surrogate`);
  }
}

export function checkAppendInput(docName: string, updates: unknown, options: unknown): void {
  if (!Array.isArray(updates)) {
    throw new StoreError('append rejected: updates must be an array of Uint8Array', { docName });
  }
  updates.forEach((update: unknown, i) => {
    if (!(update instanceof Uint8Array) || update.length === 0) {
      throw new StoreError(`append rejected: update #${i} is not a non-empty Uint8Array; nothing was stored`, {
        docName,
      });
    }
  });
  if (typeof options !== 'object' || options === null) {
    throw new StoreError('append rejected: options must be an object', { docName });
  }
  const { title, author } = options as AppendOptions;
  if (title !== undefined && typeof title !== 'string') {
    throw new StoreError('append rejected: options.title must be a string', { docName });
  }
  if (author !== undefined && (typeof author !== 'string' || author.length > 1000)) {
    throw new StoreError('append rejected: options.author must be a string of at most 1000 characters', { docName });
  }
}

export const defaultListLimit = 100;
export const maxListLimit = 1000;

export function checkListOptions(options: ListOptions): { cursor: string | null; limit: number } {
  if (typeof options !== 'object' || options === null) throw new StoreError('list rejected: options must be an object');
  const limit = options.limit ?? defaultListLimit;
  if (!Number.isInteger(limit) || limit < 1 || limit > maxListLimit) {
    throw new StoreError(`list rejected: "limit" must be an integer 1..${maxListLimit}, got ${String(limit)}`);
  }
  const cursor = options.cursor ?? null;
  if (cursor !== null && typeof cursor !== 'string') throw new StoreError('list rejected: "cursor" must be a string');
  return { cursor, limit };
}

/** A sequence number argument: a non-negative safe integer. */
export function checkSeq(docName: string, seq: unknown): asserts seq is number {
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 0) {
    throw new StoreError(`invalid sequence number ${String(seq)}: expected an integer >= 0`, { docName });
  }
}
