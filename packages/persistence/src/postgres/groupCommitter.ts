import type pg from 'pg';
import { type AppendedDocRow, appendStatement, type PendingAppend } from './appendStatement.js';
import type { CommitEvent } from './postgresStoreOptions.js';
import { isStatementError } from './withClient.js';

/** A doc's counters right after a commit, for the compaction check. */
export interface DocCounters {
  id: string;
  updateCount: number;
  bytes: number;
  baseBytes: number;
  /** Records the last compaction left (one per span between versions). */
  baseCount: number;
}

export type CommitOutcome = { stored: true; firstSeq: number; seq: number; doc: DocCounters } | { stored: false; reason: 'damaged' };

export interface GroupCommitter {
  /** Queues one append; settles once its group's COMMIT returned (or failed). */
  enqueue(append: PendingAppend): Promise<CommitOutcome>;
  /** Resolves once nothing is queued or committing. */
  idle(): Promise<void>;
}

interface Queued {
  append: PendingAppend;
  resolve: (outcome: CommitOutcome) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit. Appends queue up while a commit is in flight; the next commit takes all of them (up
 * to `maxGroupBatches`), several batches and several docs, as ONE statement (appendStatement.ts) in
 * its own implicit transaction: one round trip, and every append in it settles when it returns,
 * durable with `synchronous_commit` on. One commit runs at a time, so appends commit in queue
 * order, which is call order per doc (see docLanes.ts). Should the statement fail (say one doc's
 * row is locked by another session past the statement timeout, or a doc's data is refused), each
 * doc of the group is tried again in a statement of its own, so that only the docs that fail again
 * are rejected. A lost connection fails what was in flight; nothing of it is half-written, since
 * PostgreSQL rolls back a statement that does not commit.
 */
export function createGroupCommitter(options: {
  pool: pg.Pool;
  /** The quoted schema name. */
  s: string;
  maxGroupBatches: number;
  onCommit: (event: CommitEvent) => void;
}): GroupCommitter {
  const { pool, s } = options;
  const queue: Queued[] = [];
  let running: Promise<void> | null = null;

  async function drain(): Promise<void> {
    try {
      while (queue.length > 0) await commit(queue.splice(0, options.maxGroupBatches));
    } finally {
      running = null;
    }
  }

  /** One statement for `docs`; settles their appends once it returned. */
  async function commitDocs(docs: Array<[string, Queued[]]>): Promise<void> {
    const started = performance.now();
    const appends = docs.map(([name, entries]) => [name, entries.map((entry) => entry.append)] as const);
    const { text, values } = appendStatement(s, appends, new Date());
    const { rows } = await pool.query<AppendedDocRow>(text, values);
    options.onCommit({
      batches: docs.reduce((n, [, entries]) => n + entries.length, 0),
      docs: docs.length,
      durationMs: performance.now() - started,
    });
    const byName = new Map(rows.map((row) => [row.name, row]));
    for (const [name, entries] of docs) settle(entries, byName.get(name));
  }

  /** Commits `group`, settling every entry; never throws. */
  async function commit(group: Queued[]): Promise<void> {
    const byDoc = new Map<string, Queued[]>();
    for (const entry of group) {
      const entries = byDoc.get(entry.append.docName);
      if (entries === undefined) byDoc.set(entry.append.docName, [entry]);
      else entries.push(entry);
    }
    const docs = [...byDoc].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    try {
      await commitDocs(docs);
      return;
    } catch (error) {
      if (docs.length === 1 || !isStatementError(error)) {
        for (const entry of group) entry.reject(error);
        return;
      }
    }
    let lost: unknown = null;
    for (const doc of docs) {
      if (lost !== null) {
        for (const entry of doc[1]) entry.reject(lost);
        continue;
      }
      await commitDocs([doc]).catch((error: unknown) => {
        for (const entry of doc[1]) entry.reject(error);
        if (!isStatementError(error)) lost = error;
      });
    }
  }

  /** Numbers a doc's appends from the seq its statement returned, in call order. */
  function settle(entries: Queued[], row: AppendedDocRow | undefined): void {
    if (row === undefined) {
      for (const entry of entries) entry.resolve({ stored: false, reason: 'damaged' });
      return;
    }
    const seq = Number(row.seq);
    const doc: DocCounters = {
      id: row.id,
      updateCount: Number(row.update_count),
      bytes: Number(row.bytes),
      baseBytes: Number(row.base_bytes),
      baseCount: Number(row.base_count),
    };
    let last = seq - entries.reduce((total, entry) => total + entry.append.sizes.length, 0);
    for (const entry of entries) {
      const firstSeq = last + 1;
      last += entry.append.sizes.length;
      entry.resolve({ stored: true, firstSeq, seq: last, doc });
    }
  }

  return {
    enqueue(append) {
      return new Promise<CommitOutcome>((resolve, reject) => {
        queue.push({ append, resolve, reject });
        // From the next turn of the event loop, so the appends made in this one share the commit.
        running ??= new Promise<void>((next) => setImmediate(next)).then(drain);
      });
    },
    async idle() {
      while (running !== null) await running;
    },
  };
}
