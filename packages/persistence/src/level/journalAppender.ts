import { randomUUID } from 'node:crypto';
import type { AppendOptions, AppendResult } from '../documentStore.js';
import { applyAppend } from './appendMeta.js';
import type { Checkpointer } from './checkpointer.js';
import type { Compactor } from './compactor.js';
import { checkNoRecordsWithoutMeta, checkNotDamaged } from './docDamage.js';
import type { Journal } from './journal/openJournal.js';
import { encodeAppendRecord } from './journal/journalRecord.js';
import type { LevelDb } from './levelDb.js';
import type { MetaCache } from './metaCache.js';
import { type PendingAppends, PendingRecord } from './pendingAppends.js';

export interface JournalAppenderDeps {
  db: LevelDb;
  journal: Journal;
  metaCache: MetaCache;
  pending: PendingAppends;
  checkpointer: Checkpointer;
  compactor: Compactor;
  /** fdatasync the journal before an append resolves. */
  sync: boolean;
}

/**
 * The LevelDB store's append (call it inside the doc's queue): one journal record, written on this
 * thread with one `write(2)`, so the batch survives a crash of the process when it returns (and
 * power loss too after the fdatasync with `sync`); LevelDB gets it at the next checkpoint.
 */
export function createJournalAppender(deps: JournalAppenderDeps) {
  const { db, journal, metaCache, pending, checkpointer, compactor } = deps;
  return async function appendInQueue(
    docName: string,
    updates: readonly Uint8Array[],
    { title, author }: AppendOptions,
  ): Promise<AppendResult> {
    const prior = pending.get(docName);
    const meta = prior?.live ?? (await metaCache.read(docName));
    checkNotDamaged(docName, meta);
    if (meta === null) await checkNoRecordsWithoutMeta(db, docName);
    const firstSeq = meta?.nextSeq ?? 0;
    if (updates.length === 0 && (title === undefined || meta?.title === title)) return { firstSeq: firstSeq + 1, seq: firstSeq };
    const now = Date.now();
    const epoch = meta?.epoch ?? randomUUID();
    const createdAt = meta?.createdAt ?? now;
    // The record holds copies of the updates; the store keeps views into it, not the caller's buffers.
    const record = encodeAppendRecord({ docName, epoch, createdAt, updatedAt: now, firstSeq, title, author, updates });
    journal.append(record.bytes);
    // Bookkeeping, in the same synchronous step as the write: a checkpoint must see the record.
    const next = applyAppend(meta, record.updates, { epoch, createdAt, updatedAt: now, title });
    const records = prior?.records ?? [];
    const batches = prior?.batches ?? [];
    record.updates.forEach((update, i) => {
      records.push(new PendingRecord(docName, firstSeq + i, update));
    });
    if (updates.length > 0)
      batches.push({ first: firstSeq, last: firstSeq + updates.length - 1, authors: author === undefined ? [] : [author], at: now });
    pending.set(docName, { live: next, records, batches, firstFile: prior?.firstFile ?? journal.current });
    checkpointer.appended();
    if (deps.sync) await journal.sync();
    if (compactor.shouldCompact(docName, next)) compactor.compactInBackground(docName, next);
    return { firstSeq: firstSeq + 1, seq: next.nextSeq };
  };
}
