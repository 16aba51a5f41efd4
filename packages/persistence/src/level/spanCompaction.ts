import type { StoredBatch } from '../documentStore.js';
import { StoreError } from '../storeError.js';
import { mergeSpans } from '../versions/spanDeltas.js';
import { mergedBatch, spansOf, spansToMerge } from '../versions/versionSpans.js';
import { sealValue } from './checkedValue.js';
import { batchKey, seqOfKey, versionRange } from './keys.js';
import type { BatchOp, LevelDb } from './levelDb.js';
import { mergeSnapshot } from './mergeSnapshot.js';
import { InvalidUpdateError } from './mergeUpdates.js';
import type { MergeWorker } from './mergeWorker.js';
import type { PendingDoc } from './pendingAppends.js';
import type { Snapshot } from './readDocRecords.js';
import { type BatchRecord, encodeBatchRecord } from './storedBatch.js';

/** A batch of the snapshot with the keys of its update records, and whether it has a batch record. */
export interface RecordBatch extends StoredBatch {
  keys: Uint8Array[];
  hasRecord: boolean;
}

/** A compaction's plan: the snapshot's batches in spans between versions, and each span's merged update (null: kept). */
export interface SpanPlan {
  spans: RecordBatch[][];
  merged: (Uint8Array | null)[];
}

/** The public seqs of a doc's versions, in order (read outside the queue; the compactor checks at commit that none was added). */
export async function readVersionSeqs(db: LevelDb, docName: string): Promise<number[]> {
  const seqs: number[] = [];
  for await (const key of db.keys(versionRange(docName))) seqs.push(seqOfKey(key));
  return seqs;
}

/** Whether one of `versionSeqs` falls inside a span `plan` merges (not at its end): the merge would lose it. */
export function splitsMergedSpan(plan: SpanPlan, versionSeqs: readonly number[]): boolean {
  return plan.spans.some((span, i) => {
    if (plan.merged[i] === null || plan.merged[i] === undefined) return false;
    const from = (span[0] as RecordBatch).firstSeq;
    const to = (span[span.length - 1] as RecordBatch).seq;
    return versionSeqs.some((seq) => from <= seq && seq < to);
  });
}

/** The snapshot's update records grouped into their batches (records without a batch record: one each). */
export function recordBatches(snapshot: Snapshot, records: readonly BatchRecord[]): RecordBatch[] {
  const batches: RecordBatch[] = [];
  let next = 0;
  let open: RecordBatch | null = null;
  snapshot.keys.forEach((key, i) => {
    const seq = seqOfKey(key);
    const update = snapshot.values[i] as Uint8Array;
    while (next < records.length && (records[next] as BatchRecord).last < seq) next++;
    const record = records[next];
    if (record !== undefined && record.first <= seq) {
      if (open === null || open.firstSeq !== record.first + 1) {
        open = {
          firstSeq: record.first + 1,
          seq: record.last + 1,
          updates: [],
          authors: record.authors,
          storedAt: record.at,
          keys: [],
          hasRecord: true,
        };
        if (record.attribution !== undefined) open.attribution = record.attribution;
        batches.push(open);
      }
      open.updates.push(update);
      open.keys.push(key);
    } else {
      open = null;
      batches.push({ firstSeq: seq + 1, seq: seq + 1, updates: [update], authors: [], storedAt: null, keys: [key], hasRecord: false });
    }
  });
  return batches;
}

/**
 * Plans the merge: spans between versions, each with at least two records merged. A single span
 * over the whole doc is merged like before versions existed (in the merge worker when large); spans
 * go through `mergeSpans` (time-sliced on this thread). Null when nothing would merge.
 */
export async function planSpans(
  docName: string,
  snapshot: Snapshot,
  records: readonly BatchRecord[],
  versionSeqs: readonly number[],
  worker: MergeWorker,
): Promise<SpanPlan | null> {
  const spans = spansOf(recordBatches(snapshot, records), versionSeqs);
  const merge = spansToMerge(spans);
  if (!merge.includes(true)) return null;
  if (spans.length === 1) return { spans, merged: [(await mergeSnapshot(docName, snapshot, worker)).update] };
  try {
    return {
      spans,
      merged: await mergeSpans(
        spans.map((span) => span.flatMap((batch) => batch.updates)),
        merge,
      ),
    };
  } catch (error) {
    const why =
      error instanceof InvalidUpdateError
        ? `corrupt stored update (record ${error.index + 1} of ${snapshot.keys.length})`
        : 'merging the stored updates failed';
    throw new StoreError(why, { docName, cause: error });
  }
}

/**
 * The LevelDB operations that commit a plan (call inside the doc's queue): each merged span's
 * records and batch records are replaced by one of each under the span's last update key and first
 * batch key; every journalled record and batch record outside a merged span is put as it is (the
 * commit takes over the doc's pending appends). `fallbackAt` dates merged batches without a time.
 */
export function spanCommitOps(docName: string, plan: SpanPlan, pendingDoc: PendingDoc | undefined, fallbackAt: number) {
  const ops: BatchOp[] = [];
  const mergedRanges: [number, number][] = [];
  let recordsAfter = 0;
  let bytesAfter = 0;
  plan.spans.forEach((span, i) => {
    const update = plan.merged[i];
    if (update === null || update === undefined) {
      for (const batch of span) {
        recordsAfter += batch.keys.length;
        for (const value of batch.updates) bytesAfter += value.length;
      }
      return;
    }
    const first = (span[0] as RecordBatch).firstSeq - 1;
    const lastBatch = span[span.length - 1] as RecordBatch;
    const lastKey = lastBatch.keys[lastBatch.keys.length - 1] as Uint8Array;
    mergedRanges.push([first, lastBatch.seq - 1]);
    for (const batch of span) {
      for (const key of batch.keys) if (key !== lastKey) ops.push({ type: 'del', key });
      if (batch.hasRecord && batch.firstSeq - 1 !== first) ops.push({ type: 'del', key: batchKey(docName, batch.firstSeq - 1) });
    }
    ops.push({ type: 'put', key: lastKey, value: sealValue(lastKey, update) });
    const merged = mergedBatch(span, update);
    const record: BatchRecord = { first, last: merged.seq - 1, authors: merged.authors, at: merged.storedAt ?? fallbackAt };
    if (merged.attribution !== undefined) record.attribution = merged.attribution;
    ops.push({ type: 'put', ...encodeBatchRecord(docName, record) });
    recordsAfter += 1;
    bytesAfter += update.length;
  });
  const inMergedSpan = (seq: number): boolean => mergedRanges.some(([from, to]) => from <= seq && seq <= to);
  for (const record of pendingDoc?.records ?? []) {
    if (!inMergedSpan(record.seq)) ops.push({ type: 'put', key: record.key, value: sealValue(record.key, record.value) });
  }
  for (const batch of pendingDoc?.batches ?? [])
    if (!inMergedSpan(batch.first)) ops.push({ type: 'put', ...encodeBatchRecord(docName, batch) });
  return { ops, recordsAfter, bytesAfter };
}
