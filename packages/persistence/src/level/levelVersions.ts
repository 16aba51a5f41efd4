import type { DocVersion, StoredBatch, VersionPage } from '../documentStore.js';
import { StoreError } from '../storeError.js';
import { checkCreateVersion, checkVersionList, checkVersionSeqs } from '../versions/checkVersionInput.js';
import { authorsOfBatches, planCreateVersion, planDeleteVersions } from '../versions/versionBook.js';
import type { Checkpointer } from './checkpointer.js';
import { checkNoRecordsWithoutMeta, checkNotDamaged } from './docDamage.js';
import type { DocQueue } from './docQueue.js';
import { batchKey, batchRange, seqOfKey, versionKey, versionRange } from './keys.js';
import { type BatchOp, type LevelDb, writeBatch } from './levelDb.js';
import type { MetaCache } from './metaCache.js';
import { readBatchesAfter } from './readBatchesAfter.js';
import { decodeBatchRecord } from './storedBatch.js';
import type { StoredMeta } from './storedMeta.js';
import { decodeVersion, encodeVersion } from './storedVersion.js';
import { createVersionIndex } from './versionIndex.js';

const maxListedDocs = 16;
const maxListedVersions = 20_000;

export interface LevelVersionsDeps {
  db: LevelDb;
  queue: DocQueue;
  checkpointer: Checkpointer;
  metaCache: MetaCache;
  writeOptions: { sync: boolean };
}

/**
 * The LevelDB store's versions: one record per version (storedVersion.ts) and their index in pages
 * (versionIndex.ts, what a list reads), written in one atomic batch straight into
 * LevelDB inside the doc's queue once the doc's journalled appends are checkpointed, so the
 * batches a version stands for are in LevelDB before it is. A compaction that planned its merge
 * before a version was made checks at its commit that the version is not inside a span it merged.
 */
export function createLevelVersions(deps: LevelVersionsDeps) {
  const { db, queue, checkpointer, metaCache } = deps;
  const index = createVersionIndex(db);
  /**
   * Recently listed docs' versions, newest first, decoded: the panel pages through them and a
   * benchmark lists 10,000 at once. Read and changed only inside the doc's queue; any write to a
   * doc's versions drops its entry. Bounded in docs and in versions per doc.
   */
  const listed = new Map<string, DocVersion[]>();
  const rememberListed = (docName: string, versions: DocVersion[]): void => {
    if (versions.length > maxListedVersions) return;
    listed.delete(docName);
    listed.set(docName, versions);
    if (listed.size > maxListedDocs) listed.delete(listed.keys().next().value as string);
  };
  const copy = (version: DocVersion): DocVersion => ({ ...version, authors: [...version.authors] });

  function corrupt(docName: string, error: unknown): StoreError {
    return new StoreError('corrupt version record', { docName, cause: error });
  }

  /** Versions in `range`, in number order (reversed and limited on request). */
  async function readVersions(docName: string, range: { gte: Uint8Array; lt: Uint8Array }, reverse = false, limit = -1) {
    // All at once: the entries come from LevelDB in a few batches instead of one call each.
    const entries = await db.iterator({ ...range, reverse, limit }).all();
    return entries.map(([key, value]) => {
      try {
        return decodeVersion(key, value);
      } catch (error) {
        throw corrupt(docName, error);
      }
    });
  }

  /** The doc's metadata with its journalled appends in LevelDB (call inside its queue); null for an unknown doc. */
  async function current(docName: string): Promise<StoredMeta | null> {
    await checkpointer.flushDoc(docName);
    const meta = await metaCache.read(docName);
    if (meta === null) await checkNoRecordsWithoutMeta(db, docName);
    return meta;
  }

  /** Whether public seq `seq` ends a stored batch (records stored before batches were recorded are batches of one). */
  async function endsABatch(docName: string, seq: number): Promise<boolean> {
    for await (const [key, value] of db.iterator({ ...batchRange(docName, seq - 1), reverse: true, limit: 1 })) {
      const record = decodeBatchRecord(key, seqOfKey(key), value);
      return record.last <= seq - 1;
    }
    return true;
  }

  /** The batches (without their updates) within (afterSeq, throughSeq]. */
  async function batchesWithin(docName: string, afterSeq: number, throughSeq: number) {
    const batches: Pick<StoredBatch, 'firstSeq' | 'seq' | 'authors'>[] = [];
    for await (const [key, value] of db.iterator({ gte: batchKey(docName, afterSeq), lt: batchKey(docName, throughSeq) })) {
      const record = decodeBatchRecord(key, seqOfKey(key), value);
      batches.push({ firstSeq: record.first + 1, seq: record.last + 1, authors: record.authors });
    }
    return batches;
  }

  return {
    readThrough(docName: string, throughSeq: number): Promise<StoredBatch[] | null> {
      return queue.run(docName, async () => {
        const meta = await current(docName);
        if (meta === null) return null;
        checkNotDamaged(docName, meta);
        const batches = await readBatchesAfter(db, docName, 0, throughSeq);
        if ((batches.at(-1)?.seq ?? 0) > throughSeq || !(await endsABatch(docName, throughSeq))) {
          throw new StoreError(`readThrough rejected: ${throughSeq} is inside a merged batch, not the end of one`, { docName });
        }
        return batches;
      });
    },

    create(docName: string, input: unknown): Promise<DocVersion | null> {
      const options = checkCreateVersion(docName, input);
      return queue.run(docName, async () => {
        const meta = await current(docName);
        if (meta === null || meta.nextSeq === 0) return null;
        checkNotDamaged(docName, meta);
        const seq = options.seq ?? meta.nextSeq;
        if (seq > meta.nextSeq)
          throw new StoreError(`createVersion rejected: ${seq} is past the doc's last number ${meta.nextSeq}`, { docName });
        if (!(await endsABatch(docName, seq))) {
          throw new StoreError(`createVersion rejected: ${seq} is inside a merged batch, not the end of one`, { docName });
        }
        const [at] = await readVersions(docName, versionRange(docName, seq, seq));
        const [prev] = await readVersions(docName, versionRange(docName, 0, seq - 1), true, 1);
        const [next] = await readVersions(docName, versionRange(docName, seq + 1), false, 1);
        const [newest] = await readVersions(docName, versionRange(docName), true, 1);
        const batches = await batchesWithin(docName, prev?.seq ?? 0, next?.seq ?? seq);
        const plan = planCreateVersion(
          options,
          seq,
          { at: at ?? null, prev: prev ?? null, next: next ?? null, newest: newest ?? null },
          Date.now(),
          (afterSeq, through) => authorsOfBatches(batches, afterSeq, through),
        );
        if (plan.write.length === 0) return plan.result;
        listed.delete(docName);
        const ops = plan.write.map((version): BatchOp => ({ type: 'put', ...encodeVersion(docName, version) }));
        ops.push(...(await index.changes(docName, plan.write, [])));
        await writeBatch(db, ops, deps.writeOptions);
        return plan.result;
      });
    },

    list(docName: string, input: unknown): Promise<VersionPage | null> {
      const { before, limit } = checkVersionList(docName, input);
      return queue.run(docName, async () => {
        if ((await current(docName)) === null) return null;
        let all = listed.get(docName);
        if (all === undefined) {
          const read = await index.read(docName);
          if (read.build.length > 0) await writeBatch(db, read.build, deps.writeOptions);
          all = read.versions;
          rememberListed(docName, all);
        }
        const from = before === null ? 0 : all.findIndex((version) => version.seq < before);
        const older = from < 0 ? [] : all.slice(from, from + limit + 1);
        const page = older.slice(0, limit).map(copy);
        return { versions: page, nextBefore: older.length > limit ? (page.at(-1)?.seq ?? null) : null };
      });
    },

    /** The doc was deleted (call inside its queue). */
    forget(docName: string): void {
      listed.delete(docName);
    },

    get(docName: string, seq: number): Promise<DocVersion | null> {
      return queue.run(docName, async () => {
        const value = await db.get(versionKey(docName, seq));
        if (value === undefined) return null;
        try {
          return decodeVersion(versionKey(docName, seq), value);
        } catch (error) {
          throw corrupt(docName, error);
        }
      });
    },

    remove(docName: string, input: unknown): Promise<number> {
      const seqs = checkVersionSeqs(docName, input);
      return queue.run(docName, async () => {
        if (seqs.length === 0) return 0;
        const versions = await readVersions(docName, versionRange(docName, seqs[0] as number));
        const { deleted, rewrite } = planDeleteVersions(versions, seqs);
        if (deleted.length === 0) return 0;
        const ops: BatchOp[] = deleted.map((version) => ({ type: 'del', key: versionKey(docName, version.seq) }));
        for (const version of rewrite) ops.push({ type: 'put', ...encodeVersion(docName, version) });
        ops.push(
          ...(await index.changes(
            docName,
            rewrite,
            deleted.map((version) => version.seq),
          )),
        );
        listed.delete(docName);
        await writeBatch(db, ops, deps.writeOptions);
        return deleted.length;
      });
    },
  };
}
