import { openSealedValue } from './checkedValue.js';
import type { StoredBatch } from '../documentStore.js';
import { batchRange, seqOfKey, updateKey, updateRangeFrom } from './keys.js';
import type { LevelDb } from './levelDb.js';
import { type BatchRecord, decodeBatchRecord } from './storedBatch.js';
import { StoreError } from '../storeError.js';

/** A doc's batch records (all of them, or those whose first internal seq is at most `throughSeq`), in seq order. */
export async function readBatchRecords(db: LevelDb, docName: string, throughSeq?: number): Promise<BatchRecord[]> {
  const records: BatchRecord[] = [];
  for await (const [key, value] of db.iterator(batchRange(docName, throughSeq))) {
    try {
      records.push(decodeBatchRecord(key, seqOfKey(key), value));
    } catch (error) {
      throw new StoreError('corrupt batch record', { docName, cause: error });
    }
  }
  return records;
}

/**
 * The stored batches of a doc whose last update is after public seq `afterSeq` and whose updates
 * are at most public seq `throughSeq` (internal seqs are one lower), read from LevelDB (call inside
 * the doc's queue, after its journalled appends were checkpointed). A batch is whole even where it
 * starts at or before `afterSeq`; a batch that goes on past `throughSeq` is returned cut there (its
 * `seq` says where it really ends). Update records without a batch record (stored before batches
 * were recorded) each count as a batch of their own, with no author and no time.
 */
export async function readBatchesAfter(db: LevelDb, docName: string, afterSeq: number, throughSeq?: number): Promise<StoredBatch[]> {
  const records = (await readBatchRecords(db, docName, throughSeq === undefined ? undefined : throughSeq - 1)).filter(
    (record) => record.last >= afterSeq,
  );
  const from = Math.min(afterSeq, records[0]?.first ?? afterSeq);
  const range =
    throughSeq === undefined ? updateRangeFrom(docName, from) : { ...updateRangeFrom(docName, from), lt: updateKey(docName, throughSeq) };
  const batches: StoredBatch[] = [];
  let next = 0;
  let open: StoredBatch | null = null;
  for await (const [key, sealed] of db.iterator(range)) {
    const seq = seqOfKey(key);
    const update = openSealedValue(key, sealed);
    if (update === null) throw new StoreError(`corrupt stored update (seq ${seq + 1}): it fails its checksum`, { docName });
    while (next < records.length && (records[next] as BatchRecord).last < seq) next++;
    const record = records[next];
    if (record !== undefined && record.first <= seq) {
      if (open === null || open.firstSeq !== record.first + 1) {
        open = { firstSeq: record.first + 1, seq: record.last + 1, updates: [], authors: record.authors, storedAt: record.at };
        if (record.attribution !== undefined) open.attribution = record.attribution;
        batches.push(open);
      }
      open.updates.push(update.slice());
    } else if (seq >= afterSeq) {
      open = null;
      batches.push({ firstSeq: seq + 1, seq: seq + 1, updates: [update.slice()], authors: [], storedAt: null });
    }
  }
  return batches;
}
