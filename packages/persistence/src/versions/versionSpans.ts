import type { StoredBatch } from '../documentStore.js';
import { attributionToKeep } from './attribution.js';
import { type MergedSpans, mergeSpans, mergeSpansNow } from './spanDeltas.js';
import { authorsOf } from './versionBook.js';

/**
 * The spans of a doc's batches: the runs between two versions (a span ends with the batch that
 * ends at a version's number; the batches after the newest version are the last span). A
 * compaction merges within a span and never across one, so every version stays a batch end.
 */
export function spansOf<B extends { firstSeq: number; seq: number }>(batches: readonly B[], versionSeqs: readonly number[]): B[][] {
  const spans: B[][] = [];
  let current: B[] = [];
  let k = 0;
  for (const batch of batches) {
    current.push(batch);
    while (k < versionSeqs.length && (versionSeqs[k] as number) < batch.firstSeq) k++;
    if (k < versionSeqs.length && (versionSeqs[k] as number) <= batch.seq) {
      spans.push(current);
      current = [];
      while (k < versionSeqs.length && (versionSeqs[k] as number) <= batch.seq) k++;
    }
  }
  if (current.length > 0) spans.push(current);
  return spans;
}

/** A span is merged when it holds at least two updates. */
export function spansToMerge(spans: readonly (readonly Pick<StoredBatch, 'updates'>[])[]): boolean[] {
  return spans.map((span) => span.reduce((count, batch) => count + batch.updates.length, 0) >= 2);
}

/** One batch standing for a whole span: all its numbers, authors and attribution, its newest time. */
export function mergedBatch(span: readonly StoredBatch[], update: Uint8Array): StoredBatch {
  const first = span[0] as StoredBatch;
  const last = span[span.length - 1] as StoredBatch;
  let newest: number | null = null;
  for (const batch of span) if (batch.storedAt !== null && (newest === null || batch.storedAt > newest)) newest = batch.storedAt;
  const attribution = attributionToKeep(span);
  return {
    firstSeq: first.firstSeq,
    seq: last.seq,
    updates: [update],
    authors: authorsOf(span.map((batch) => batch.authors)),
    storedAt: newest,
    ...(attribution === undefined ? {} : { attribution }),
  };
}

function assemble(spans: readonly StoredBatch[][], merged: MergedSpans): StoredBatch[] {
  return spans.flatMap((span, i) => {
    const update = merged[i];
    return update === null || update === undefined ? span : [mergedBatch(span, update)];
  });
}

/** The batches compacted span by span, or null when no span has two updates to merge. */
export async function compactBatches(batches: readonly StoredBatch[], versionSeqs: readonly number[]): Promise<StoredBatch[] | null> {
  const spans = spansOf(batches, versionSeqs);
  const merge = spansToMerge(spans);
  if (!merge.includes(true)) return null;
  return assemble(
    spans,
    await mergeSpans(
      spans.map((span) => span.flatMap((batch) => batch.updates)),
      merge,
    ),
  );
}

/** The same, at once (the memory store). */
export function compactBatchesNow(batches: readonly StoredBatch[], versionSeqs: readonly number[]): StoredBatch[] | null {
  const spans = spansOf(batches, versionSeqs);
  const merge = spansToMerge(spans);
  if (!merge.includes(true)) return null;
  return assemble(
    spans,
    mergeSpansNow(
      spans.map((span) => span.flatMap((batch) => batch.updates)),
      merge,
    ),
  );
}

/** Whether `seq` is the end of one of `batches` (or 0, or past them all). */
export function endsABatch(batches: readonly Pick<StoredBatch, 'firstSeq' | 'seq'>[], seq: number): boolean {
  return !batches.some((batch) => batch.firstSeq <= seq && seq < batch.seq);
}
