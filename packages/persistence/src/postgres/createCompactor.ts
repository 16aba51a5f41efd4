import type pg from 'pg';
import type { CompactionEvent } from '../level/levelStoreOptions.js';
import type { MergeWorker } from '../level/mergeWorker.js';
import { StoreError } from '../storeError.js';
import type { DocCounters } from './groupCommitter.js';
import { mergeDocUpdates } from './mergeDocUpdates.js';
import { isStatementError, withClient } from './withClient.js';
import type { StoredBatch } from '../documentStore.js';
import { InvalidUpdateError } from '../level/mergeUpdates.js';
import { mergeSpans } from '../versions/spanDeltas.js';
import { mergedBatch, spansOf, spansToMerge } from '../versions/versionSpans.js';
import { splitUpdates } from './docReads.js';

export interface Compactor {
  /** Compacts the doc in the background if its counters are over a threshold (and it is not already being compacted). */
  consider(docName: string, doc: DocCounters): void;
  /** Resolves once no compaction is queued or running. */
  idle(): Promise<void>;
}

interface BatchRow {
  first_seq: string;
  seq: string;
  authors: string[];
  stored_at: Date;
  updates: Buffer;
  sizes: number[];
  attribution: Buffer | null;
}

/** Retried after this many more appended updates when compactAfterUpdates is off. */
const retryAfterUpdates = 500;
/** Longest the swap waits for a doc's row lock (an append group holding it) before it gives up until next time. */
const swapLockTimeout = '5s';

/**
 * Online compaction, one doc at a time in the background. It reads the doc's batches and versions
 * (one statement, no lock), merges the batches of each span between two versions outside any
 * transaction (never across a version, so every version's state stays readable), then swaps in one
 * short transaction: lock the doc's row (the order appends and deletes take locks in, so no
 * deadlock), delete exactly the batches of the merged spans, insert one batch per merged span
 * covering its numbers with all its authors (and who did what, for several), adjust the doc's
 * counters, COMMIT. Appends made meanwhile, by this process or another, have higher numbers and are
 * left alone; they wait for the row lock only during the swap. If the deleted rows are not exactly
 * the ones read (another process compacted first, or the doc was deleted) or a version was made
 * meanwhile, the swap rolls back and nothing changes. A failure loses nothing (the old
 * batches stay), goes to `report`, and the doc is tried again after another threshold's worth of appends.
 */
export function createCompactor(deps: {
  pool: pg.Pool;
  s: string;
  worker: MergeWorker;
  compactAfterUpdates: number;
  compactAfterBytes: number;
  report: (error: StoreError) => void;
  onCompaction: (event: CompactionEvent) => void;
}): Compactor {
  const { pool, s } = deps;
  /** Doc ids queued or being compacted. */
  const claimed = new Set<string>();
  /** Doc id -> update count when its last compaction failed. */
  const failedAt = new Map<string, number>();
  let chain: Promise<void> = Promise.resolve();
  const retryAfter = Number.isFinite(deps.compactAfterUpdates) ? deps.compactAfterUpdates : retryAfterUpdates;

  // With versions a compaction leaves one record per span: the count threshold counts the records appended since.
  const due = (doc: DocCounters): boolean =>
    doc.updateCount >= 2 &&
    (doc.updateCount - doc.baseCount + 1 >= deps.compactAfterUpdates || doc.bytes - doc.baseBytes >= deps.compactAfterBytes);

  /** Merges each span (null where kept); a single span over the whole doc like before versions existed (the worker when large). */
  async function mergeTheSpans(docName: string, spans: StoredBatch[][], merge: boolean[]): Promise<(Uint8Array | null)[]> {
    if (spans.length === 1)
      return [
        (
          await mergeDocUpdates(
            docName,
            spans.flat().flatMap((batch) => batch.updates),
            deps.worker,
          )
        ).update,
      ];
    try {
      return await mergeSpans(
        spans.map((span) => span.flatMap((batch) => batch.updates)),
        merge,
      );
    } catch (error) {
      const why = error instanceof InvalidUpdateError ? `corrupt stored update (${error.index + 1})` : 'merging the stored updates failed';
      throw new StoreError(why, { docName, cause: error });
    }
  }

  /** Compacts the doc; false when no span had two records to merge. */
  async function compact(docName: string, docId: string): Promise<boolean> {
    const started = performance.now();
    const { rows } = await pool.query<BatchRow>(
      `SELECT first_seq, seq, authors, stored_at, updates, sizes, attribution FROM ${s}.batches WHERE doc_id = $1 ORDER BY seq`,
      [docId],
    );
    // Read after the batches: a version made in between is at least as new as the newest of them
    // (or, made at an older number, is seen by the swap's check).
    const versionRows = await pool.query<{ seq: string }>(`SELECT seq FROM ${s}.versions WHERE doc_id = $1 ORDER BY seq`, [docId]);
    if (rows.length === 0) return false;
    const batches: StoredBatch[] = rows.map((row) => ({
      firstSeq: Number(row.first_seq),
      seq: Number(row.seq),
      updates: splitUpdates(row.updates, row.sizes),
      authors: row.authors,
      storedAt: row.stored_at.getTime(),
      ...(row.attribution === null ? {} : { attribution: new Uint8Array(row.attribution) }),
    }));
    const last = batches.at(-1) as StoredBatch;
    const versionSeqs = versionRows.rows.map((row) => Number(row.seq));
    const spans = spansOf(batches, versionSeqs);
    const merge = spansToMerge(spans);
    if (!merge.includes(true)) return false;
    const merged = await mergeTheSpans(docName, spans, merge);
    const replaced: StoredBatch[] = [];
    const inserted: StoredBatch[] = [];
    let recordsAfter = 0;
    let bytesAfter = 0;
    spans.forEach((span, i) => {
      const update = merged[i];
      if (update === null || update === undefined) {
        for (const batch of span) {
          recordsAfter += batch.updates.length;
          for (const part of batch.updates) bytesAfter += part.byteLength;
        }
        return;
      }
      for (const batch of span) replaced.push(batch);
      inserted.push(mergedBatch(span, update));
      recordsAfter += 1;
      bytesAfter += update.byteLength;
    });
    const bytesOf = (list: StoredBatch[]) => list.reduce((total, batch) => total + batch.updates.reduce((n, u) => n + u.byteLength, 0), 0);
    const updateCount = replaced.reduce((total, batch) => total + batch.updates.length, 0);
    const bytesBefore = bytesOf(replaced);
    const swapped = await withClient(pool, async (client) => {
      await client.query(`BEGIN; SET LOCAL lock_timeout = '${swapLockTimeout}'`);
      try {
        const doc = await client.query<{ versions: string[] }>(
          `SELECT ARRAY(SELECT v.seq FROM ${s}.versions v WHERE v.doc_id = $1 AND v.seq < $2 ORDER BY v.seq) AS versions
           FROM ${s}.docs WHERE id = $1 FOR UPDATE`,
          [docId, last.seq],
        );
        const deleted = await client.query<{ first_seq: string; seq: string }>(
          `DELETE FROM ${s}.batches WHERE doc_id = $1 AND seq = ANY($2::bigint[]) RETURNING first_seq, seq`,
          [docId, replaced.map((batch) => batch.seq)],
        );
        const read = replaced.map((batch) => `${batch.firstSeq}-${batch.seq}`);
        const gone = deleted.rows.sort((a, b) => Number(a.seq) - Number(b.seq)).map((row) => `${row.first_seq}-${row.seq}`);
        const versionsNow = doc.rows[0]?.versions.map(Number) ?? [];
        const sameVersions = versionsNow.join() === versionSeqs.filter((seq) => seq < last.seq).join();
        if (doc.rowCount !== 1 || !sameVersions || gone.length !== read.length || gone.some((key, i) => key !== read[i])) {
          await client.query('ROLLBACK');
          return false;
        }
        for (const batch of inserted) {
          await client.query(
            `INSERT INTO ${s}.batches (doc_id, first_seq, seq, authors, stored_at, updates, sizes, attribution)
             VALUES ($1, $2, $3, $4, $5, $6, ARRAY[$7::int], $8)`,
            [
              docId,
              batch.firstSeq,
              batch.seq,
              batch.authors,
              new Date(batch.storedAt ?? Date.now()),
              batch.updates[0],
              (batch.updates[0] as Uint8Array).byteLength,
              batch.attribution ?? null,
            ],
          );
        }
        await client.query(
          `UPDATE ${s}.docs SET update_count = update_count - $2 + $3, bytes = bytes - $4 + $5, base_bytes = $6, base_count = $7 WHERE id = $1`,
          [docId, updateCount, inserted.length, bytesBefore, bytesOf(inserted), bytesAfter, recordsAfter],
        );
        await client.query('COMMIT');
        return true;
      } catch (error) {
        if (isStatementError(error)) await client.query('ROLLBACK');
        throw error;
      }
    });
    if (!swapped) return true;
    failedAt.delete(docId);
    deps.onCompaction({
      docName,
      durationMs: performance.now() - started,
      records: updateCount,
      bytesBefore,
      bytesAfter: bytesOf(inserted),
    });
    return true;
  }

  return {
    consider(docName, doc) {
      if (!due(doc) || claimed.has(doc.id)) return;
      const failed = failedAt.get(doc.id);
      if (failed !== undefined && doc.updateCount < failed + retryAfter) return;
      claimed.add(doc.id);
      chain = chain.then(() =>
        compact(docName, doc.id)
          .then((merged) => {
            // Nothing to merge (every span one record): wait for more appends, like after a failure.
            if (merged) return;
            if (failedAt.size >= 10_000) failedAt.clear();
            failedAt.set(doc.id, doc.updateCount);
          })
          .catch((error: unknown) => {
            if (failedAt.size >= 10_000) failedAt.clear();
            failedAt.set(doc.id, doc.updateCount);
            deps.report(error instanceof StoreError ? error : new StoreError('online compaction failed', { docName, cause: error }));
          })
          .finally(() => claimed.delete(doc.id)),
      );
    },
    async idle() {
      while (claimed.size > 0) await chain;
    },
  };
}
