import pg from 'pg';
import { checkAppendInput, checkDocName, checkListOptions, checkSeq } from '../checkInput.js';
import type { AppendResult, DocMeta, DocumentStore, LoadedDoc, StoredBatch, StoredUpdates } from '../documentStore.js';
import { createBackgroundErrors } from '../level/backgroundErrors.js';
import { createMergeWorker } from '../level/mergeWorker.js';
import { decodeListCursor, encodeListCursor } from '../listCursor.js';
import { StoreError } from '../storeError.js';
import { pendingAppend } from './appendStatement.js';
import { createCompactor } from './createCompactor.js';
import { createStorePool } from './createStorePool.js';
import { createDocLanes } from './docLanes.js';
import { createPostgresVersions } from './postgresVersions.js';
import { type DocRead, readDoc, readMeta, readMetaPage } from './docReads.js';
import { createGroupCommitter } from './groupCommitter.js';
import { mergeDocUpdates } from './mergeDocUpdates.js';
import { migrateSchema } from './migrateSchema.js';
import { forwardOutbox } from '../outbox/forwardOutbox.js';
import { createPostgresOutbox } from './postgresOutbox.js';
import { type PostgresStoreInput, resolvePostgresStoreOptions } from './postgresStoreOptions.js';

/**
 * A DocumentStore on PostgreSQL (see README.md, "PostgreSQL store"): the schema is created or
 * migrated first, then appends go through group commit (groupCommitter.ts) in call order per doc
 * (docLanes.ts), reads are single statements, compaction runs online in the background
 * (createCompactor.ts). Several processes may use one schema at once: the doc row lock numbers
 * their appends, and compaction never touches what another process appended after its read.
 *
 * While PostgreSQL is down or unreachable, every call rejects with a StoreError naming its doc
 * within the connect or statement timeout, nothing is half-written (a transaction that does not
 * commit is rolled back), and the pool reconnects by itself once the database is back.
 */
export async function createPostgresStore(input: PostgresStoreInput): Promise<DocumentStore> {
  const options = resolvePostgresStoreOptions(input);
  const background = createBackgroundErrors(options.onBackgroundError);
  const { pool, end } = createStorePool(options, background.report);
  try {
    await migrateSchema(pool, options.schema);
  } catch (error) {
    await end().catch(() => undefined);
    const reason = error instanceof StoreError ? error : new StoreError('cannot reach PostgreSQL', { cause: error });
    throw new StoreError(`cannot open the PostgreSQL store (schema ${JSON.stringify(options.schema)})`, { cause: reason });
  }
  const s = pg.escapeIdentifier(options.schema);
  const worker = createMergeWorker();
  const lanes = createDocLanes();
  /** A metrics callback that throws is reported, never thrown into the store's own work. */
  const told =
    <E>(callback: ((event: E) => void) | null, what: string) =>
    (event: E) => {
      try {
        callback?.(event);
      } catch (error) {
        background.report(new StoreError(`${what} threw`, { cause: error }));
      }
    };
  const committer = createGroupCommitter({
    pool,
    s,
    maxGroupBatches: options.maxGroupBatches,
    onCommit: told(options.onCommit, 'onCommit'),
  });
  const compactor = createCompactor({
    pool,
    s,
    worker,
    compactAfterUpdates: options.compactAfterUpdates,
    compactAfterBytes: options.compactAfterBytes,
    report: background.report,
    onCompaction: told(options.onCompaction, 'onCompaction'),
  });
  const versions = createPostgresVersions(pool, s);
  const outbox = createPostgresOutbox(pool, s);
  /** Outbox calls not settled yet: close() waits for them. */
  const outboxCalls = new Set<Promise<unknown>>();
  let closing: Promise<void> | null = null;

  /** Runs `operation` unless closed; every failure becomes a StoreError naming the doc. */
  function call<T>(docName: string | null, verb: string, operation: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve) => {
      if (closing !== null) throw new StoreError(`cannot ${verb}: the store is closed`, { docName });
      if (docName !== null) checkDocName(docName);
      resolve(operation());
    }).catch((error: unknown) => {
      throw error instanceof StoreError ? error : new StoreError(`${verb} failed in PostgreSQL`, { docName, cause: error });
    });
  }

  function refuseDamaged(meta: DocMeta, verb: string): void {
    if (meta.damaged !== undefined)
      throw new StoreError(`cannot ${verb}: the doc is marked damaged (${meta.damaged})`, { docName: meta.name });
  }

  /** The whole doc in one statement, refused if damaged; over a threshold, it is compacted in the background. */
  async function readWhole(docName: string, verb: string): Promise<DocRead | null> {
    const read = await readDoc(pool, s, docName, 0);
    if (read === null) return null;
    refuseDamaged(read.meta, verb);
    compactor.consider(docName, {
      id: read.id,
      updateCount: read.meta.updateCount,
      bytes: read.meta.bytes,
      baseBytes: read.baseBytes,
      baseCount: read.baseCount,
    });
    return read;
  }

  async function append(docName: string, updates: readonly Uint8Array[], title?: string, author?: string): Promise<AppendResult> {
    if (updates.length === 0 && title === undefined) {
      return lanes.run(docName, async () => {
        const seq = (await readMeta(pool, s, docName))?.seq ?? 0;
        return { firstSeq: seq + 1, seq };
      });
    }
    const pending = pendingAppend(docName, updates, title, author);
    const outcome = await lanes.append(docName, () => committer.enqueue(pending));
    if (!outcome.stored) {
      const meta = await readMeta(pool, s, docName);
      throw new StoreError(`append refused: the doc is marked damaged (${meta?.damaged ?? 'unknown reason'}); nothing was stored`, {
        docName,
      });
    }
    compactor.consider(docName, outcome.doc);
    return { firstSeq: outcome.firstSeq, seq: outcome.seq };
  }

  return {
    append: (docName, updates, appendOptions = {}) =>
      call(docName, 'append', () => {
        checkAppendInput(docName, updates, appendOptions);
        return append(docName, updates, appendOptions.title, appendOptions.author);
      }),
    load: (docName) =>
      call(docName, 'load', () =>
        lanes.run(docName, async (): Promise<LoadedDoc | null> => {
          const read = await readWhole(docName, 'load');
          if (read === null) return null;
          const merged = await mergeDocUpdates(
            docName,
            read.batches.flatMap((batch) => batch.updates),
            worker,
          );
          return { update: merged.update, stateVector: merged.stateVector, meta: read.meta };
        }),
      ),
    loadUpdates: (docName) =>
      call(docName, 'load', () =>
        lanes.run(docName, async (): Promise<StoredUpdates | null> => {
          const read = await readWhole(docName, 'load');
          return read === null ? null : { updates: read.batches.flatMap((batch) => batch.updates), meta: read.meta };
        }),
      ),
    readAfter: (docName, afterSeq) =>
      call(docName, 'readAfter', () => {
        checkSeq(docName, afterSeq);
        return lanes.run(docName, async (): Promise<StoredBatch[] | null> => {
          const read = await readDoc(pool, s, docName, afterSeq);
          if (read === null) return null;
          refuseDamaged(read.meta, 'read after a number');
          return read.batches;
        });
      }),
    readThrough: (docName, throughSeq) =>
      call(docName, 'readThrough', () => {
        checkSeq(docName, throughSeq);
        return lanes.run(docName, async (): Promise<StoredBatch[] | null> => {
          const read = await readDoc(pool, s, docName, 0, throughSeq);
          if (read === null) return null;
          refuseDamaged(read.meta, 'read through a number');
          if ((read.batches.at(-1)?.seq ?? 0) > throughSeq) {
            throw new StoreError(`readThrough rejected: ${throughSeq} is inside a merged batch, not the end of one`, { docName });
          }
          return read.batches;
        });
      }),
    createVersion: (docName, options) => call(docName, 'createVersion', () => lanes.run(docName, () => versions.create(docName, options))),
    listVersions: (docName, options = {}) => call(docName, 'listVersions', () => lanes.run(docName, () => versions.list(docName, options))),
    getVersion: (docName, seq) =>
      call(docName, 'getVersion', () => {
        checkSeq(docName, seq);
        return lanes.run(docName, () => versions.get(docName, seq));
      }),
    deleteVersions: (docName, seqs) => call(docName, 'deleteVersions', () => lanes.run(docName, () => versions.remove(docName, seqs))),
    getMeta: (docName) => call(docName, 'read metadata', () => lanes.run(docName, () => readMeta(pool, s, docName))),
    list: (listOptions = {}) =>
      call(null, 'list', async () => {
        const { cursor, limit } = checkListOptions(listOptions);
        let after: string | null = null;
        if (cursor !== null) {
          try {
            after = decodeListCursor(cursor);
          } catch (error) {
            throw new StoreError('list rejected: invalid cursor', { cause: error });
          }
        }
        const docs = await readMetaPage(pool, s, after, limit + 1);
        const page = docs.slice(0, limit);
        const last = page.at(-1);
        return { docs: page, nextCursor: docs.length > limit && last !== undefined ? encodeListCursor(last.name) : null };
      }),
    delete: (docName) =>
      call(docName, 'delete', () =>
        lanes.run(docName, async () => {
          await pool.query(`DELETE FROM ${s}.docs WHERE name = $1`, [docName]);
        }),
      ),
    checkWritable: () =>
      call(null, 'check writability', async () => {
        await pool.query(
          `INSERT INTO ${s}.probe (id, checked_at) VALUES (1, now()) ON CONFLICT (id) DO UPDATE SET checked_at = EXCLUDED.checked_at`,
        );
      }),
    outbox: forwardOutbox((work) => {
      const pending = call(null, 'use the outbox', () => work(outbox));
      outboxCalls.add(pending);
      const forget = () => outboxCalls.delete(pending);
      pending.then(forget, forget);
      return pending;
    }),
    close() {
      closing ??= (async () => {
        await Promise.allSettled([...outboxCalls]);
        await lanes.idle();
        await committer.idle();
        await compactor.idle();
        await worker.close();
        await end();
        const unreported = background.firstUnreported();
        if (unreported !== null) throw unreported;
      })();
      return closing;
    },
  };
}
