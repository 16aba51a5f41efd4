import { readFileSync, unlinkSync } from 'node:fs';
import { applyAppend } from '../appendMeta.js';
import { metaKey, updateKey, updateRange } from '../keys.js';
import { type BatchOp, type LevelDb, writeBatch } from '../levelDb.js';
import { StoreError } from '../storeError.js';
import { encodeStoredMeta, readStoredMeta, type StoredMeta } from '../storedMeta.js';
import { decodeJournal } from './journalRecord.js';
import { listJournalFiles } from './journalFiles.js';

export interface ReplayResult {
  /** Number for the next journal file. */
  nextFileNumber: number;
  /** Appends copied into LevelDB (those a crash kept from being checkpointed). */
  replayed: number;
  /** Files that ended in a torn or corrupt frame (a write cut by a power loss). */
  tornFiles: number;
}

const opsPerBatch = 5000;

/**
 * Runs when the store opens: copies every journalled append that LevelDB does not have yet
 * (the process died before the checkpoint) into LevelDB, in order, then removes the journal
 * files. Appends LevelDB already has (seq below its nextSeq) and appends of an earlier
 * incarnation of a doc (other epoch, or before a delete record) are skipped. Idempotent: a crash
 * during replay replays again.
 */
export async function replayJournal(db: LevelDb, dir: string, writeOptions: { sync: boolean }): Promise<ReplayResult> {
  const files = listJournalFiles(dir);
  if (files.length === 0) return { nextFileNumber: 1, replayed: 0, tornFiles: 0 };
  const metas = new Map<string, StoredMeta | null>();
  const touched = new Set<string>();
  let ops: BatchOp[] = [];
  let replayed = 0;
  let tornFiles = 0;

  const metaOf = async (docName: string): Promise<StoredMeta | null> => {
    if (metas.has(docName)) return metas.get(docName) ?? null;
    const meta = await readStoredMeta(db, docName, 'journal replay: corrupt metadata record');
    metas.set(docName, meta);
    return meta;
  };
  const flush = async (): Promise<void> => {
    for (const docName of touched) {
      const meta = metas.get(docName);
      if (meta) ops.push({ type: 'put', key: metaKey(docName), value: encodeStoredMeta(meta) });
    }
    touched.clear();
    if (ops.length > 0) await writeBatch(db, ops, writeOptions);
    ops = [];
  };

  for (const file of files) {
    const { records, torn } = decodeJournal(readFileSync(file.path));
    if (torn) tornFiles += 1;
    for (const record of records) {
      if (record.type === 'probe') continue;
      const meta = await metaOf(record.docName);
      if (record.type === 'delete') {
        if (meta === null || meta.epoch !== record.epoch) continue;
        await flush();
        const deletes: BatchOp[] = [];
        for await (const key of db.keys(updateRange(record.docName))) deletes.push({ type: 'del', key });
        deletes.push({ type: 'del', key: metaKey(record.docName) });
        await writeBatch(db, deletes, writeOptions);
        metas.set(record.docName, null);
        continue;
      }
      if (meta === null ? record.firstSeq !== 0 : meta.epoch !== record.epoch || record.firstSeq < meta.nextSeq) continue;
      if (meta !== null && record.firstSeq > meta.nextSeq) {
        throw new StoreError(`journal replay: append at seq ${record.firstSeq} follows seq ${meta.nextSeq - 1}; records are missing`, {
          docName: record.docName,
        });
      }
      record.updates.forEach((update, i) => {
        ops.push({ type: 'put', key: updateKey(record.docName, record.firstSeq + i), value: update });
      });
      metas.set(
        record.docName,
        applyAppend(meta, record.updates, {
          epoch: record.epoch,
          createdAt: record.createdAt,
          updatedAt: record.updatedAt,
          title: record.title,
        }),
      );
      touched.add(record.docName);
      replayed += 1;
      if (ops.length >= opsPerBatch) await flush();
    }
  }
  await flush();
  for (const file of files) unlinkSync(file.path);
  return { nextFileNumber: (files[files.length - 1]?.number ?? 0) + 1, replayed, tornFiles };
}
