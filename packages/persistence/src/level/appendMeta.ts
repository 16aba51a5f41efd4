import type { StoredMeta } from './storedMeta.js';

/** What one append records, besides its updates (also what a journal record carries). */
export interface AppendFacts {
  /** Epoch and creation time used if the append creates the doc. */
  epoch: string;
  createdAt: number;
  /** Time of the append (updatedAt never goes backwards). */
  updatedAt: number;
  /** New title, if the append sets one. */
  title?: string;
}

/**
 * The metadata after appending `updates` to a doc whose metadata is `meta` (null: a new doc).
 * Pure, so the live path and the journal replay compute exactly the same record.
 */
export function applyAppend(meta: StoredMeta | null, updates: readonly Uint8Array[], facts: AppendFacts): StoredMeta {
  const next: StoredMeta =
    meta === null
      ? {
          v: 1,
          bytes: 0,
          updateCount: 0,
          totalUpdates: 0,
          title: null,
          createdAt: facts.createdAt,
          updatedAt: facts.createdAt,
          nextSeq: 0,
          baseBytes: 0,
          epoch: facts.epoch,
          compactions: 0,
        }
      : { ...meta };
  for (const update of updates) next.bytes += update.length;
  next.nextSeq += updates.length;
  next.updateCount += updates.length;
  next.totalUpdates += updates.length;
  next.updatedAt = Math.max(facts.updatedAt, next.updatedAt);
  if (facts.title !== undefined) next.title = facts.title;
  return next;
}
