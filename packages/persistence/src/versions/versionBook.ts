import type { CreateVersionOptions, DocVersion, StoredBatch } from '../documentStore.js';

/**
 * The bookkeeping every store does the same way when versions are created or deleted; the stores
 * only read the neighbours and write what the plan says.
 */

/** The versions around the number to version. */
export interface VersionNeighbours {
  /** The version at that number, if any. */
  at: DocVersion | null;
  /** The newest version before it. */
  prev: DocVersion | null;
  /** The oldest version after it. */
  next: DocVersion | null;
  /** The doc's newest version. */
  newest: DocVersion | null;
}

export interface VersionPlan {
  /** What createVersion resolves with. */
  result: DocVersion | null;
  /** Versions to write (new, or replacing the one at the same number). */
  write: DocVersion[];
}

/** Authors in the order they first wrote, each once. */
export function mergeAuthors(...lists: readonly (readonly string[])[]): string[] {
  return authorsOf(lists);
}

/** The same for any number of lists (a merged span may hold hundreds of thousands of batches: no spreading them into arguments). */
export function authorsOf(lists: Iterable<readonly string[]>): string[] {
  const seen = new Set<string>();
  for (const list of lists) for (const author of list) seen.add(author);
  return [...seen];
}

/** The authors of the batches within (afterSeq, throughSeq]. */
export function authorsOfBatches(
  batches: readonly Pick<StoredBatch, 'firstSeq' | 'seq' | 'authors'>[],
  afterSeq: number,
  throughSeq: number,
) {
  return authorsOf(batches.filter((batch) => batch.firstSeq > afterSeq && batch.seq <= throughSeq).map((batch) => batch.authors));
}

/**
 * What creating a version at `seq` does. `authorsIn(after, through)` gives the authors of the
 * stored batches in that span.
 */
export function planCreateVersion(
  options: CreateVersionOptions,
  seq: number,
  neighbours: VersionNeighbours,
  now: number,
  authorsIn: (afterSeq: number, throughSeq: number) => string[],
): VersionPlan {
  const { at, prev, next, newest } = neighbours;
  if (at !== null) {
    if (options.kind === 'auto') return { result: at, write: [] };
    const named: DocVersion = { ...at, kind: 'named', name: options.name ?? null, createdBy: options.createdBy ?? null };
    return { result: named, write: [named] };
  }
  if (options.kind === 'auto' && options.minIntervalMs !== undefined && newest !== null && now - newest.createdAt < options.minIntervalMs) {
    return { result: null, write: [] };
  }
  const version: DocVersion = {
    seq,
    createdAt: now,
    kind: options.kind,
    name: options.kind === 'named' ? (options.name ?? null) : null,
    createdBy: options.createdBy ?? null,
    authors: authorsIn(prev?.seq ?? 0, seq),
  };
  const write = [version];
  // A version made between two others takes its part of the changes from the next one.
  if (next !== null) write.push({ ...next, authors: authorsIn(seq, next.seq) });
  return { result: version, write };
}

/**
 * What deleting the versions at `seqs` does to the others: each version kept right after deleted
 * ones takes their authors too. `versions` are the doc's versions from the oldest deleted one on,
 * in number order. Returns the versions to rewrite and the ones deleted.
 */
export function planDeleteVersions(
  versions: readonly DocVersion[],
  seqs: readonly number[],
): { deleted: DocVersion[]; rewrite: DocVersion[] } {
  const doomed = new Set(seqs);
  const deleted: DocVersion[] = [];
  const rewrite: DocVersion[] = [];
  let carried: string[] = [];
  for (const version of versions) {
    if (doomed.has(version.seq)) {
      deleted.push(version);
      carried = mergeAuthors(carried, version.authors);
    } else if (carried.length > 0) {
      rewrite.push({ ...version, authors: mergeAuthors(carried, version.authors) });
      carried = [];
    } else {
      carried = [];
    }
  }
  return { deleted, rewrite };
}
