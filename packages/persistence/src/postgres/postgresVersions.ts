import type pg from 'pg';
import type { DocVersion, VersionPage } from '../documentStore.js';
import { StoreError } from '../storeError.js';
import { checkCreateVersion, checkVersionList, checkVersionSeqs } from '../versions/checkVersionInput.js';
import { authorsOfBatches, planCreateVersion, planDeleteVersions } from '../versions/versionBook.js';
import { inTransaction, withClient } from './withClient.js';

interface VersionRow {
  seq: string;
  kind: 'auto' | 'named';
  name: string | null;
  created_by: string | null;
  created_at: Date;
  authors: string[];
}

const versionColumns = 'v.seq, v.kind, v.name, v.created_by, v.created_at, v.authors';

function toVersion(row: VersionRow): DocVersion {
  return {
    seq: Number(row.seq),
    createdAt: row.created_at.getTime(),
    kind: row.kind,
    name: row.name,
    createdBy: row.created_by,
    authors: row.authors,
  };
}

/**
 * The PostgreSQL store's versions (table `versions`). Creating and deleting run in a transaction
 * holding the doc's row lock, the lock appends and the compaction's swap take too, so a version is
 * always the end of a batch and several processes deciding at once make one version: the newest
 * version and the time are read under the lock (the database's clock, the same for every process).
 */
export function createPostgresVersions(pool: pg.Pool, s: string) {
  async function upsert(client: pg.PoolClient, docId: string, version: DocVersion): Promise<void> {
    await client.query(
      `INSERT INTO ${s}.versions (doc_id, seq, kind, name, created_by, created_at, authors)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (doc_id, seq) DO UPDATE SET kind = EXCLUDED.kind, name = EXCLUDED.name,
         created_by = EXCLUDED.created_by, authors = EXCLUDED.authors`,
      [docId, version.seq, version.kind, version.name, version.createdBy, new Date(version.createdAt), version.authors],
    );
  }

  return {
    create(docName: string, input: unknown): Promise<DocVersion | null> {
      const options = checkCreateVersion(docName, input);
      return withClient(pool, (client) =>
        inTransaction(client, 'BEGIN', async () => {
          const doc = await client.query<{ id: string; seq: string; damaged: string | null; now: Date }>(
            `SELECT id, seq, damaged, now() AS now FROM ${s}.docs WHERE name = $1 FOR UPDATE`,
            [docName],
          );
          const row = doc.rows[0];
          if (row === undefined || Number(row.seq) === 0) return null;
          if (row.damaged !== null) throw new StoreError(`cannot version: the doc is marked damaged (${row.damaged})`, { docName });
          const docSeq = Number(row.seq);
          const seq = options.seq ?? docSeq;
          if (seq > docSeq) throw new StoreError(`createVersion rejected: ${seq} is past the doc's last number ${docSeq}`, { docName });
          const inside = await client.query(`SELECT 1 FROM ${s}.batches WHERE doc_id = $1 AND first_seq <= $2 AND seq > $2 LIMIT 1`, [
            row.id,
            seq,
          ]);
          if (inside.rowCount !== 0)
            throw new StoreError(`createVersion rejected: ${seq} is inside a merged batch, not the end of one`, { docName });
          const near = await client.query<VersionRow & { which: string }>(
            `(SELECT 'at' AS which, ${versionColumns} FROM ${s}.versions v WHERE v.doc_id = $1 AND v.seq = $2)
             UNION ALL (SELECT 'prev', ${versionColumns} FROM ${s}.versions v WHERE v.doc_id = $1 AND v.seq < $2 ORDER BY v.seq DESC LIMIT 1)
             UNION ALL (SELECT 'next', ${versionColumns} FROM ${s}.versions v WHERE v.doc_id = $1 AND v.seq > $2 ORDER BY v.seq LIMIT 1)
             UNION ALL (SELECT 'newest', ${versionColumns} FROM ${s}.versions v WHERE v.doc_id = $1 ORDER BY v.seq DESC LIMIT 1)`,
            [row.id, seq],
          );
          const pick = (which: string) => {
            const found = near.rows.find((version) => version.which === which);
            return found === undefined ? null : toVersion(found);
          };
          const neighbours = { at: pick('at'), prev: pick('prev'), next: pick('next'), newest: pick('newest') };
          const batches = await client.query<{ first_seq: string; seq: string; authors: string[] }>(
            `SELECT first_seq, seq, authors FROM ${s}.batches WHERE doc_id = $1 AND first_seq > $2 AND seq <= $3 ORDER BY seq`,
            [row.id, neighbours.prev?.seq ?? 0, neighbours.next?.seq ?? seq],
          );
          const spans = batches.rows.map((batch) => ({
            firstSeq: Number(batch.first_seq),
            seq: Number(batch.seq),
            authors: batch.authors,
          }));
          const plan = planCreateVersion(options, seq, neighbours, row.now.getTime(), (after, through) =>
            authorsOfBatches(spans, after, through),
          );
          for (const version of plan.write) await upsert(client, row.id, version);
          return plan.result;
        }),
      );
    },

    async list(docName: string, input: unknown): Promise<VersionPage | null> {
      const { before, limit } = checkVersionList(docName, input);
      // One row whose JSON holds the page: parsing one JSON text is much cheaper than 10,000 rows of
      // timestamps and text arrays.
      const { rows } = await pool.query<{
        versions: [string | number, 'auto' | 'named', string | null, string | null, string | number, string[]][];
      }>(
        `SELECT (SELECT coalesce(json_agg(json_build_array(x.seq, x.kind, x.name, x.created_by,
                   (extract(epoch FROM x.created_at) * 1000)::bigint, x.authors) ORDER BY x.seq DESC), '[]')
                 FROM (SELECT * FROM ${s}.versions v WHERE v.doc_id = d.id AND v.seq < $2 ORDER BY v.seq DESC LIMIT $3) x) AS versions
         FROM ${s}.docs d WHERE d.name = $1`,
        [docName, before ?? Number.MAX_SAFE_INTEGER, limit + 1],
      );
      const row = rows[0];
      if (row === undefined) return null;
      const versions = row.versions.map(([seq, kind, name, createdBy, createdAt, authors]) => ({
        seq: Number(seq),
        createdAt: Number(createdAt),
        kind,
        name,
        createdBy,
        authors,
      }));
      const page = versions.slice(0, limit);
      return { versions: page, nextBefore: versions.length > limit ? (page.at(-1)?.seq ?? null) : null };
    },

    async get(docName: string, seq: number): Promise<DocVersion | null> {
      const { rows } = await pool.query<VersionRow>(
        `SELECT ${versionColumns} FROM ${s}.versions v JOIN ${s}.docs d ON d.id = v.doc_id WHERE d.name = $1 AND v.seq = $2`,
        [docName, seq],
      );
      return rows[0] === undefined ? null : toVersion(rows[0]);
    },

    remove(docName: string, input: unknown): Promise<number> {
      const seqs = checkVersionSeqs(docName, input);
      if (seqs.length === 0) return Promise.resolve(0);
      return withClient(pool, (client) =>
        inTransaction(client, 'BEGIN', async () => {
          const doc = await client.query<{ id: string }>(`SELECT id FROM ${s}.docs WHERE name = $1 FOR UPDATE`, [docName]);
          const docId = doc.rows[0]?.id;
          if (docId === undefined) return 0;
          const { rows } = await client.query<VersionRow>(
            `SELECT ${versionColumns} FROM ${s}.versions v WHERE v.doc_id = $1 AND v.seq >= $2 ORDER BY v.seq`,
            [docId, seqs[0]],
          );
          const { deleted, rewrite } = planDeleteVersions(rows.map(toVersion), seqs);
          if (deleted.length === 0) return 0;
          await client.query(`DELETE FROM ${s}.versions WHERE doc_id = $1 AND seq = ANY($2::bigint[])`, [
            docId,
            deleted.map((version) => version.seq),
          ]);
          for (const version of rewrite) await upsert(client, docId, version);
          return deleted.length;
        }),
      );
    },
  };
}
