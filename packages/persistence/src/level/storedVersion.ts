import type { DocVersion } from '../documentStore.js';
import { openSealedValue, sealValue } from './checkedValue.js';
import { seqOfKey, versionKey } from './keys.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/** A version as stored under its key (the seq is in the key): sealed JSON like the other records. */
export function encodeVersion(docName: string, version: DocVersion): { key: Uint8Array; value: Uint8Array } {
  const key = versionKey(docName, version.seq);
  const { createdAt, kind, name, createdBy, authors } = version;
  return { key, value: sealValue(key, encoder.encode(JSON.stringify({ createdAt, kind, name, createdBy, authors }))) };
}

/** Decodes a stored version; throws a plain Error describing what is wrong. */
export function decodeVersion(key: Uint8Array, stored: Uint8Array): DocVersion {
  const seq = seqOfKey(key);
  const bytes = openSealedValue(key, stored);
  if (bytes === null) throw new Error(`version record at seq ${seq} fails its checksum`);
  const value = JSON.parse(decoder.decode(bytes)) as Partial<DocVersion> | null;
  if (
    typeof value !== 'object' ||
    value === null ||
    !Number.isSafeInteger(value.createdAt) ||
    (value.kind !== 'auto' && value.kind !== 'named') ||
    (value.name !== null && typeof value.name !== 'string') ||
    (value.createdBy !== null && typeof value.createdBy !== 'string') ||
    !Array.isArray(value.authors) ||
    !value.authors.every((author) => typeof author === 'string')
  ) {
    throw new Error(`version record at seq ${seq} is malformed`);
  }
  return {
    seq,
    createdAt: value.createdAt as number,
    kind: value.kind,
    name: value.name ?? null,
    createdBy: value.createdBy ?? null,
    authors: value.authors,
  };
}
