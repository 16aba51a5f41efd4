import type { CreateVersionOptions, VersionListOptions } from '../documentStore.js';
import { StoreError } from '../storeError.js';

export const defaultVersionListLimit = 100;
export const maxVersionListLimit = 10_000;
export const maxVersionNameLength = 200;

const isSeq = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

export function checkCreateVersion(docName: string, options: unknown): CreateVersionOptions {
  const refuse = (why: string): never => {
    throw new StoreError(`createVersion rejected: ${why}`, { docName });
  };
  if (typeof options !== 'object' || options === null) return refuse('options must be an object');
  const { kind, name, createdBy, seq, minIntervalMs } = options as CreateVersionOptions;
  if (kind !== 'auto' && kind !== 'named') return refuse(`"kind" must be "auto" or "named", got ${JSON.stringify(kind)}`);
  if (kind === 'named' && (typeof name !== 'string' || name.trim().length === 0 || name.length > maxVersionNameLength)) {
    return refuse(`a named version needs a "name" of 1..${maxVersionNameLength} characters`);
  }
  if (kind === 'auto' && name !== undefined) return refuse('an automatic version has no name');
  if (createdBy !== undefined && (typeof createdBy !== 'string' || createdBy.length > 1000)) {
    return refuse('"createdBy" must be a string of at most 1000 characters');
  }
  if (seq !== undefined && (!isSeq(seq) || seq === 0)) return refuse(`"seq" must be an integer >= 1, got ${String(seq)}`);
  if (minIntervalMs !== undefined && (typeof minIntervalMs !== 'number' || !(minIntervalMs >= 0))) {
    return refuse(`"minIntervalMs" must be a number >= 0, got ${String(minIntervalMs)}`);
  }
  return options as CreateVersionOptions;
}

export function checkVersionList(docName: string, options: unknown): { before: number | null; limit: number } {
  if (typeof options !== 'object' || options === null)
    throw new StoreError('listVersions rejected: options must be an object', { docName });
  const { before, limit } = options as VersionListOptions;
  const size = limit ?? defaultVersionListLimit;
  if (!Number.isInteger(size) || size < 1 || size > maxVersionListLimit) {
    throw new StoreError(`listVersions rejected: "limit" must be an integer 1..${maxVersionListLimit}, got ${String(limit)}`, { docName });
  }
  if (before !== undefined && before !== null && !isSeq(before)) {
    throw new StoreError(`listVersions rejected: "before" must be an integer >= 0, got ${String(before)}`, { docName });
  }
  return { before: before ?? null, limit: size };
}

export function checkVersionSeqs(docName: string, seqs: unknown): number[] {
  if (!Array.isArray(seqs) || !seqs.every(isSeq)) {
    throw new StoreError('deleteVersions rejected: expected an array of sequence numbers', { docName });
  }
  return [...new Set(seqs as number[])].sort((a, b) => a - b);
}
