/** One `append` call waiting for its group commit. */
export interface PendingAppend {
  docName: string;
  /** A copy of its updates one after the other, taken when it was called (the caller may reuse its buffers). */
  data: Buffer;
  /** Each update's length (none: a title only). */
  sizes: number[];
  title: string | undefined;
  author: string | undefined;
}

/** The pending form of a validated append. */
export function pendingAppend(
  docName: string,
  updates: readonly Uint8Array[],
  title: string | undefined,
  author: string | undefined,
): PendingAppend {
  return { docName, data: Buffer.concat(updates), sizes: updates.map((update) => update.byteLength), title, author };
}

/** A row the statement returns, one per doc it appended to; a doc marked damaged returns none. */
export interface AppendedDocRow {
  name: string;
  id: string;
  seq: string;
  update_count: string;
  bytes: string;
  base_bytes: string;
  base_count: string;
}

/**
 * One statement that appends every batch of a group, for one doc or several, each doc's batches in
 * call order. `docs` must be sorted by name: the upsert locks the docs' rows in that order (rows
 * of a VALUES list are inserted in turn), so two processes committing overlapping groups take the
 * locks in the same order and cannot deadlock. Each row lock is held until the statement commits
 * and raises the doc's `seq` by its number of updates, so the batches get the next numbers even
 * while other processes append to the same doc (they wait for the lock, then see the raised
 * number), and commit order is number order. A doc marked damaged is not updated
 * (`WHERE damaged IS NULL`): nothing of it is returned or inserted. Each batch's updates go as one
 * bytea (their lengths in `sizes`), which pg sends in binary, rather than a bytea[] (hex text).
 */
export function appendStatement(
  s: string,
  docs: ReadonlyArray<readonly [string, readonly PendingAppend[]]>,
  now: Date,
): { text: string; values: unknown[] } {
  const values: unknown[] = [now];
  const param = (value: unknown): string => {
    values.push(value);
    return `$${values.length}`;
  };
  const docRows: string[] = [];
  const batchRows: string[] = [];
  for (const [docName, appends] of docs) {
    const total = appends.reduce((sum, append) => sum + append.sizes.length, 0);
    const bytes = appends.reduce((sum, append) => sum + append.data.byteLength, 0);
    const title = appends.reduce<string | undefined>((latest, append) => append.title ?? latest, undefined);
    const name = param(docName);
    const totalParam = param(total);
    docRows.push(`(${name}::text, ${totalParam}::bigint, ${param(title ?? null)}::text, ${param(bytes)}::bigint)`);
    let offset = 0;
    for (const append of appends) {
      if (append.sizes.length === 0) continue;
      const authors = append.author === undefined ? [] : [append.author];
      batchRows.push(
        `(${name}::text COLLATE "C", ${totalParam}::bigint, ${param(offset + 1)}::bigint, ${param(offset + append.sizes.length)}::bigint, ` +
          `${param(authors)}::text[], ${param(append.data)}::bytea, ${param(append.sizes)}::int[])`,
      );
      offset += append.sizes.length;
    }
  }
  const insertBatches =
    batchRows.length === 0
      ? ''
      : `, inserted AS (
          INSERT INTO ${s}.batches (doc_id, first_seq, seq, authors, stored_at, updates, sizes)
          SELECT doc.id, doc.seq - b.total + b.first_off, doc.seq - b.total + b.last_off, b.authors, $1, b.updates, b.sizes
          FROM doc JOIN (VALUES ${batchRows.join(', ')}) AS b (name, total, first_off, last_off, authors, updates, sizes) ON b.name = doc.name
        )`;
  const text = `
    WITH doc AS (
      INSERT INTO ${s}.docs AS t (name, seq, title, created_at, updated_at, total_updates, update_count, bytes)
      SELECT v.name, v.total, v.title, $1::timestamptz, $1::timestamptz, v.total, v.total, v.bytes
      FROM (VALUES ${docRows.join(', ')}) AS v (name, total, title, bytes)
      ON CONFLICT (name) DO UPDATE SET
        seq = t.seq + EXCLUDED.seq,
        title = coalesce(EXCLUDED.title, t.title),
        updated_at = greatest(t.updated_at, EXCLUDED.updated_at),
        total_updates = t.total_updates + EXCLUDED.total_updates,
        update_count = t.update_count + EXCLUDED.update_count,
        bytes = t.bytes + EXCLUDED.bytes
      WHERE t.damaged IS NULL
      RETURNING t.name, t.id, t.seq, t.update_count, t.bytes, t.base_bytes, t.base_count
    )${insertBatches}
    SELECT name, id, seq, update_count, bytes, base_bytes, base_count FROM doc`;
  return { text, values };
}
