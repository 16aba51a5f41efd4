import type pg from 'pg';
import type { DocMeta, StoredBatch } from '../documentStore.js';

/** The docs columns every read selects (bigints arrive as strings). */
const metaColumns =
  'd.name, d.id, d.seq AS doc_seq, d.title, d.created_at, d.updated_at, d.total_updates, d.update_count, d.bytes, d.base_bytes, d.base_count, d.damaged';

interface MetaRow {
  name: string;
  id: string;
  doc_seq: string;
  title: string | null;
  created_at: Date;
  updated_at: Date;
  total_updates: string;
  update_count: string;
  bytes: string;
  base_bytes: string;
  base_count: string;
  damaged: string | null;
}

interface BatchRow extends MetaRow {
  first_seq: string | null;
  seq: string | null;
  authors: string[] | null;
  stored_at: Date | null;
  updates: Buffer | null;
  sizes: number[] | null;
  attribution: Buffer | null;
}

/** A doc as one statement saw it: its metadata and the batches after a number, consistent with each other. */
export interface DocRead {
  meta: DocMeta;
  /** Changes when the doc is deleted and created again. */
  id: string;
  /** Bytes and records the last compaction left. */
  baseBytes: number;
  baseCount: number;
  batches: StoredBatch[];
}

function toDocMeta(row: MetaRow): DocMeta {
  const meta: DocMeta = {
    name: row.name,
    bytes: Number(row.bytes),
    updateCount: Number(row.update_count),
    totalUpdates: Number(row.total_updates),
    title: row.title,
    createdAt: row.created_at.getTime(),
    updatedAt: row.updated_at.getTime(),
    seq: Number(row.doc_seq),
  };
  if (row.damaged !== null) meta.damaged = row.damaged;
  return meta;
}

/** A batch row's updates: views into the one buffer pg decoded, cut by `sizes`. */
export function splitUpdates(data: Buffer, sizes: readonly number[]): Uint8Array[] {
  const updates: Uint8Array[] = [];
  let offset = 0;
  for (const size of sizes) {
    updates.push(new Uint8Array(data.buffer, data.byteOffset + offset, size));
    offset += size;
  }
  if (offset !== data.byteLength) throw new Error(`a stored batch holds ${data.byteLength} bytes but its sizes add up to ${offset}`);
  return updates;
}

/**
 * A doc's metadata and its batches whose last number is after `afterSeq` (and whose first is at
 * most `throughSeq`), or null for an unknown doc. One statement, so one snapshot: `meta.seq` is the
 * last number of the batches returned, even while other processes append or compact.
 */
export async function readDoc(
  pool: pg.Pool,
  s: string,
  docName: string,
  afterSeq: number,
  throughSeq = Number.MAX_SAFE_INTEGER,
): Promise<DocRead | null> {
  const { rows } = await pool.query<BatchRow>(
    `SELECT ${metaColumns}, b.first_seq, b.seq, b.authors, b.stored_at, b.updates, b.sizes, b.attribution
     FROM ${s}.docs d LEFT JOIN ${s}.batches b ON b.doc_id = d.id AND b.seq > $2 AND b.first_seq <= $3
     WHERE d.name = $1
     ORDER BY b.seq`,
    [docName, afterSeq, throughSeq],
  );
  const [first] = rows;
  if (first === undefined) return null;
  const batches: StoredBatch[] = [];
  for (const row of rows) {
    if (row.seq === null) continue;
    const batch: StoredBatch = {
      firstSeq: Number(row.first_seq),
      seq: Number(row.seq),
      updates: splitUpdates(row.updates as Buffer, row.sizes as number[]),
      authors: row.authors as string[],
      storedAt: (row.stored_at as Date).getTime(),
    };
    if (row.attribution !== null)
      batch.attribution = new Uint8Array(row.attribution.buffer, row.attribution.byteOffset, row.attribution.byteLength);
    batches.push(batch);
  }
  return { meta: toDocMeta(first), id: first.id, baseBytes: Number(first.base_bytes), baseCount: Number(first.base_count), batches };
}

/** The doc's metadata, or null for an unknown doc. */
export async function readMeta(pool: pg.Pool, s: string, docName: string): Promise<DocMeta | null> {
  const { rows } = await pool.query<MetaRow>(`SELECT ${metaColumns} FROM ${s}.docs d WHERE d.name = $1`, [docName]);
  return rows[0] === undefined ? null : toDocMeta(rows[0]);
}

/** Up to `limit` docs after `afterName` (null: from the start), in byte order of their names. */
export async function readMetaPage(pool: pg.Pool, s: string, afterName: string | null, limit: number): Promise<DocMeta[]> {
  const { rows } =
    afterName === null
      ? await pool.query<MetaRow>(`SELECT ${metaColumns} FROM ${s}.docs d ORDER BY d.name LIMIT $1`, [limit])
      : await pool.query<MetaRow>(`SELECT ${metaColumns} FROM ${s}.docs d WHERE d.name > $1 ORDER BY d.name LIMIT $2`, [afterName, limit]);
  return rows.map(toDocMeta);
}
