import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { StoredBatch } from '../documentStore.js';
import { containsId, deletedIds, type IdSet, insertedIds, readIdSet, unionIdSets, writeIdSet } from './idSets.js';

/**
 * Who inserted and who deleted which Yjs items, per author ('' when the author is unknown). A batch
 * has one author, so its updates say it all; a compaction that merges batches of several authors
 * keeps this with the merged batch (`StoredBatch.attribution`), or who did what would be lost.
 */
export type Attribution = Map<string, { inserted: IdSet; deleted: IdSet }>;

export function encodeAttribution(attribution: Attribution): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, attribution.size);
  for (const [author, { inserted, deleted }] of attribution) {
    encoding.writeVarString(encoder, author);
    writeIdSet(encoder, inserted);
    writeIdSet(encoder, deleted);
  }
  return encoding.toUint8Array(encoder);
}

export function decodeAttribution(bytes: Uint8Array): Attribution {
  const decoder = decoding.createDecoder(bytes);
  const attribution: Attribution = new Map();
  const count = decoding.readVarUint(decoder);
  for (let i = 0; i < count; i++) {
    const author = decoding.readVarString(decoder);
    attribution.set(author, { inserted: readIdSet(decoder), deleted: readIdSet(decoder) });
  }
  return attribution;
}

/** The one author a batch's changes belong to: its author, else '' (unknown, or a merged batch of several without attribution). */
function soleAuthor(authors: readonly string[]): string {
  return authors.length === 1 ? (authors[0] as string) : '';
}

/** Attribution of one stored batch: its kept attribution, or its updates under its author. */
export function attributionOf(batch: Pick<StoredBatch, 'updates' | 'authors' | 'attribution'>): Attribution {
  if (batch.attribution !== undefined) return decodeAttribution(batch.attribution);
  const inserted: IdSet[] = [];
  const deleted: IdSet[] = [];
  for (const update of batch.updates) {
    inserted.push(insertedIds(update));
    deleted.push(deletedIds(update));
  }
  return new Map([[soleAuthor(batch.authors), { inserted: unionIdSets(inserted), deleted: unionIdSets(deleted) }]]);
}

/** One attribution for all of `attributions` (each author's ids together). */
export function mergeAttributions(attributions: readonly Attribution[]): Attribution {
  const parts = new Map<string, { inserted: IdSet[]; deleted: IdSet[] }>();
  for (const attribution of attributions) {
    for (const [author, sets] of attribution) {
      const part = parts.get(author) ?? { inserted: [], deleted: [] };
      part.inserted.push(sets.inserted);
      part.deleted.push(sets.deleted);
      parts.set(author, part);
    }
  }
  const merged: Attribution = new Map();
  for (const [author, part] of parts) merged.set(author, { inserted: unionIdSets(part.inserted), deleted: unionIdSets(part.deleted) });
  return merged;
}

/**
 * The attribution a merged batch of `batches` must keep, or undefined when they all have the same
 * authors (the merged batch's authors then say it all).
 */
export function attributionToKeep(batches: readonly Pick<StoredBatch, 'updates' | 'authors' | 'attribution'>[]): Uint8Array | undefined {
  const keys = new Set(batches.map((batch) => (batch.attribution !== undefined ? '\0merged' : soleAuthor(batch.authors))));
  if (keys.size <= 1 && !keys.has('\0merged')) return undefined;
  return encodeAttribution(mergeAttributions(batches.map(attributionOf)));
}

/** Looks up who inserted or deleted an item: the author, '' when unknown, null when none of the batches did. */
export function attributionLookup(attribution: Attribution) {
  const find = (id: { client: number; clock: number }, which: 'inserted' | 'deleted'): string | null => {
    for (const [author, sets] of attribution) if (containsId(sets[which], id)) return author;
    return null;
  };
  return {
    inserter: (id: { client: number; clock: number }) => find(id, 'inserted'),
    deleter: (id: { client: number; clock: number }) => find(id, 'deleted'),
  };
}
