import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, unlinkSync } from 'node:fs';
import { basename, join } from 'node:path';
import { applyAppend } from '../appendMeta.js';
import { sealValue } from '../checkedValue.js';
import { docDeleteOps } from '../docDeleteOps.js';
import { metaKey, updateKey } from '../keys.js';
import { type BatchOp, type LevelDb, writeBatch } from '../levelDb.js';
import { flushLevelDbLog } from '../levelDbLogs.js';
import { encodeBatchRecord } from '../storedBatch.js';
import { encodeStoredMeta, readStoredMeta, type StoredMeta } from '../storedMeta.js';
import { listJournalFiles } from './journalFiles.js';
import { decodeJournal, type JournalDamage, type JournalRecord } from './journalRecord.js';

/** Where journal files with damage are kept instead of being deleted after the replay. */
export const damagedJournalDir = 'damaged-journal';

export interface ReplayResult {
  /** Number for the next journal file. */
  nextFileNumber: number;
  /** Appends copied into LevelDB (those a crash kept from being checkpointed). */
  replayed: number;
  /** Every damaged stretch, with its file (now under `damaged-journal/`, kept as evidence). */
  damage: (JournalDamage & { file: string })[];
  /** Docs whose stored data is incomplete now, and why; they were marked damaged in LevelDB. */
  damagedDocs: Map<string, string>;
}

const opsPerBatch = 5000;

/**
 * Runs when the store opens: copies every journalled append that LevelDB does not have yet
 * (the process died before the checkpoint) into LevelDB, in order, then removes the journal
 * files. Appends LevelDB already has (seq below its nextSeq) and appends of an earlier
 * incarnation of a doc (other epoch, or before a delete record) are skipped. Idempotent: a crash
 * during replay replays again.
 *
 * Damage costs only the docs it touches: a damaged record is skipped (the reader resumes at the next
 * intact one); a doc that then misses records (an append that does not follow on from what LevelDB
 * has, or whose damaged record still names it) is marked damaged, so it fails to load instead of
 * being served without them, and its later appends are not applied. Files with damage are moved to
 * `damaged-journal/` instead of being deleted. A stretch cut short at the end of the newest file is
 * a write a crash interrupted: reported, but it marks nothing.
 */
export async function replayJournal(db: LevelDb, dir: string, writeOptions: { sync: boolean }): Promise<ReplayResult> {
  const files = listJournalFiles(dir).map((file) => ({ ...file, ...decodeJournal(readFileSync(file.path)) }));
  const damage = files.flatMap((file) => file.damage.map((stretch) => ({ ...stretch, file: file.path })));
  const damagedDocs = new Map<string, string>();
  const newest = files[files.length - 1];
  for (const stretch of damage) {
    if (stretch.docName === null || (stretch.tail && stretch.file === newest?.path)) continue;
    damagedDocs.set(stretch.docName, `a damaged journal record (${basename(stretch.file)} at byte ${stretch.offset})`);
  }
  // Incarnations deleted later in the journal: their appends may follow appends LevelDB no longer has.
  const deleted = new Set(files.flatMap((file) => file.records.filter(isDelete).map((record) => `${record.docName}\0${record.epoch}`)));
  const metas = new Map<string, StoredMeta | null>();
  const touched = new Set<string>();
  let ops: BatchOp[] = [];
  let replayed = 0;

  const metaOf = async (docName: string): Promise<StoredMeta | null> => {
    if (metas.has(docName)) return metas.get(docName) ?? null;
    const meta = await readStoredMeta(db, docName, 'journal replay: corrupt metadata record');
    metas.set(docName, meta);
    return meta;
  };
  const flush = async (): Promise<void> => {
    for (const docName of touched) {
      const meta = metas.get(docName);
      if (meta) ops.push({ type: 'put', key: metaKey(docName), value: encodeStoredMeta(docName, meta) });
    }
    touched.clear();
    if (ops.length > 0) await writeBatch(db, ops, writeOptions);
    ops = [];
  };
  const markDamaged = (docName: string, meta: StoredMeta, reason: string): void => {
    if (!damagedDocs.has(docName)) damagedDocs.set(docName, reason);
    metas.set(docName, { ...meta, damaged: damagedDocs.get(docName) });
    touched.add(docName);
  };

  for (const file of files) {
    for (const record of file.records) {
      if (record.type === 'probe') continue;
      const meta = await metaOf(record.docName);
      if (meta?.damaged !== undefined) continue;
      if (record.type === 'delete') {
        if (meta === null || meta.epoch !== record.epoch) continue;
        await flush();
        await writeBatch(db, await docDeleteOps(db, record.docName), writeOptions);
        metas.set(record.docName, null);
        continue;
      }
      const facts = { epoch: record.epoch, createdAt: record.createdAt, updatedAt: record.updatedAt, title: record.title };
      if (meta === null ? record.firstSeq !== 0 : meta.epoch !== record.epoch || record.firstSeq < meta.nextSeq) {
        if (meta === null && !deleted.has(`${record.docName}\0${record.epoch}`)) {
          markDamaged(
            record.docName,
            applyAppend(null, [], facts),
            `journal replay: its appends before seq ${record.firstSeq} are missing`,
          );
        }
        continue;
      }
      if (meta !== null && record.firstSeq > meta.nextSeq) {
        markDamaged(
          record.docName,
          meta,
          `journal replay: append at seq ${record.firstSeq} follows seq ${meta.nextSeq - 1}; records are missing`,
        );
        continue;
      }
      record.updates.forEach((update, i) => {
        const key = updateKey(record.docName, record.firstSeq + i);
        ops.push({ type: 'put', key, value: sealValue(key, update) });
      });
      if (record.updates.length > 0) {
        const batch = {
          first: record.firstSeq,
          last: record.firstSeq + record.updates.length - 1,
          authors: record.author === undefined ? [] : [record.author],
          at: record.updatedAt,
        };
        ops.push({ type: 'put', ...encodeBatchRecord(record.docName, batch) });
      }
      metas.set(record.docName, applyAppend(meta, record.updates, facts));
      touched.add(record.docName);
      replayed += 1;
      if (ops.length >= opsPerBatch) await flush();
    }
  }
  // Docs named by a damaged record that the replay did not mark yet (their last append was damaged).
  for (const [docName, reason] of damagedDocs) {
    const meta = await metaOf(docName);
    // With nothing in LevelDB the doc lost everything: it must not come back as a new, empty one.
    const now = Date.now();
    if (meta === null) markDamaged(docName, applyAppend(null, [], { epoch: randomUUID(), createdAt: now, updatedAt: now }), reason);
    else if (meta.damaged === undefined) markDamaged(docName, meta, reason);
  }
  await flush();
  // What the replay wrote is only in LevelDB's log until it is flushed: the files go after that.
  await flushLevelDbLog(db);
  const keep = new Set(damage.filter((stretch) => !(stretch.tail && stretch.file === newest?.path)).map((stretch) => stretch.file));
  const keptAt = new Date().toISOString().replace(/[:.]/g, '-');
  if (keep.size > 0) mkdirSync(join(dir, damagedJournalDir), { recursive: true });
  for (const file of files) {
    // Named by when they were set aside: numbering restarts once a replay removed every file.
    if (keep.has(file.path)) renameSync(file.path, join(dir, damagedJournalDir, `${keptAt}-${basename(file.path)}`));
    else unlinkSync(file.path);
  }
  return { nextFileNumber: (newest?.number ?? 0) + 1, replayed, damage, damagedDocs };
}

function isDelete(record: JournalRecord): record is Extract<JournalRecord, { type: 'delete' }> {
  return record.type === 'delete';
}
