import type pg from 'pg';
import type { EndpointHealth, Outbox, OutboxAttempt, OutboxEntry, OutboxState } from '../outbox.js';
import {
  checkAttemptList,
  checkClaim,
  checkCount,
  checkCursorChange,
  checkDisabled,
  checkEndpoint,
  checkEntryInputs,
  checkEntryList,
  checkPrune,
  checkSettlement,
  checkTime,
} from '../outbox/checkOutboxInput.js';
import { freshHealth } from '../outbox/outboxBook.js';
import { inTransaction, withClient } from './withClient.js';

type Row = Record<string, unknown>;
const num = (value: unknown): number => Number(value);
const numOrNull = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));

function toEntry(row: Row): OutboxEntry {
  return {
    id: num(row.id),
    eventId: row.event_id as string,
    type: row.type as string,
    endpoint: row.endpoint as string,
    lane: row.lane as string,
    payload: row.payload as string,
    createdAt: num(row.created_at),
    replayOf: numOrNull(row.replay_of),
    state: row.state as OutboxState,
    attempts: num(row.attempts),
    nextAttemptAt: num(row.next_attempt_at),
    lastAttemptAt: numOrNull(row.last_attempt_at),
    settledAt: numOrNull(row.settled_at),
  };
}

function toAttempt(row: Row): OutboxAttempt {
  return {
    ...{ id: num(row.id), entryId: num(row.entry_id), eventId: row.event_id as string, type: row.type as string },
    ...{ endpoint: row.endpoint as string, lane: row.lane as string, attempt: num(row.attempt), at: num(row.at) },
    ...{ durationMs: num(row.duration_ms), statusCode: numOrNull(row.status_code), error: (row.error as string | null) ?? null },
    delivered: row.delivered === true,
  };
}

function toHealth(row: Row): EndpointHealth {
  return {
    endpoint: row.endpoint as string,
    failingSince: numOrNull(row.failing_since),
    lastDeliveredAt: numOrNull(row.last_delivered_at),
    disabledAt: numOrNull(row.disabled_at),
    disabledReason: (row.disabled_reason as string | null) ?? null,
  };
}

/**
 * The PostgreSQL store's outbox (tables `outbox_*`, migration 3). Adding takes a transaction-scoped
 * advisory lock per lane and per cursor, in name order, so adds to one lane commit in id order (a
 * claim never sees a later entry of a lane before an earlier one) and a cursor's condition and move
 * are one step. A claim locks the due lane heads with `FOR UPDATE SKIP LOCKED` and leases them, so
 * nodes claiming at once never get the same entry.
 */
export function createPostgresOutbox(pool: pg.Pool, s: string): Outbox {
  const tx = <T>(work: (client: pg.PoolClient) => Promise<T>) =>
    withClient(pool, (client) => inTransaction(client, 'BEGIN', () => work(client)));

  return {
    add: (inputs, options = {}) => {
      checkEntryInputs(inputs);
      checkCursorChange(options.cursor);
      return tx(async (client) => {
        const { cursor } = options;
        const locks = new Set(inputs.map((input) => `lane/${input.lane}`));
        if (cursor !== undefined) locks.add(`cursor/${cursor.name}`);
        for (const lock of [...locks].sort()) await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [lock]);
        if (cursor !== undefined && cursor.expect !== undefined) {
          const current = await client.query(`SELECT seq FROM ${s}.outbox_cursors WHERE name = $1`, [cursor.name]);
          if (numOrNull(current.rows[0]?.seq) !== cursor.expect) return { applied: false, added: [] };
        }
        let added: OutboxEntry[] = [];
        if (inputs.length > 0) {
          const inserted = await client.query(
            `INSERT INTO ${s}.outbox_entries (event_id, type, endpoint, lane, payload, created_at, replay_of, state, next_attempt_at)
             SELECT e, t, ep, l, p, c, r, 'pending', c
             FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::bigint[]) WITH ORDINALITY AS x(e, t, ep, l, p, c, r, n)
             ORDER BY n
             ON CONFLICT (endpoint, event_id) WHERE replay_of IS NULL DO NOTHING
             RETURNING *`,
            [
              inputs.map((input) => input.eventId),
              inputs.map((input) => input.type),
              inputs.map((input) => input.endpoint),
              inputs.map((input) => input.lane),
              inputs.map((input) => input.payload),
              inputs.map((input) => input.createdAt),
              inputs.map((input) => input.replayOf ?? null),
            ],
          );
          added = inserted.rows.map(toEntry).sort((a, b) => a.id - b.id);
        }
        if (cursor !== undefined && cursor.set === null)
          await client.query(`DELETE FROM ${s}.outbox_cursors WHERE name = $1`, [cursor.name]);
        else if (cursor !== undefined) {
          await client.query(
            `INSERT INTO ${s}.outbox_cursors (name, seq) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET seq = EXCLUDED.seq`,
            [cursor.name, cursor.set],
          );
        }
        return { applied: true, added };
      });
    },

    cursor: async (name) => {
      checkCursorChange({ name, set: null });
      const result = await pool.query(`SELECT seq FROM ${s}.outbox_cursors WHERE name = $1`, [name]);
      return numOrNull(result.rows[0]?.seq);
    },

    behindCursors: async ({ updatedBefore, limit }) => {
      checkTime('updatedBefore', updatedBefore);
      checkCount('limit', limit, 1, 10_000);
      const result = await pool.query(
        `SELECT c.name, c.seq AS cursor, d.seq FROM ${s}.outbox_cursors c JOIN ${s}.docs d ON d.name = c.name
         WHERE d.seq > c.seq AND d.updated_at < $1 ORDER BY d.updated_at, c.name LIMIT $2`,
        [new Date(updatedBefore), limit],
      );
      return result.rows.map((row) => ({ name: row.name as string, cursor: num(row.cursor), seq: num(row.seq) }));
    },

    claim: async (options) => {
      checkClaim(options);
      const result = await pool.query(
        `WITH heads AS (
           SELECT DISTINCT ON (endpoint, lane) id FROM ${s}.outbox_entries
           WHERE state = 'pending' AND endpoint = ANY($1::text[])
           ORDER BY endpoint, lane, id
         ), picked AS (
           SELECT o.id FROM ${s}.outbox_entries o
           WHERE o.id IN (SELECT id FROM heads) AND o.state = 'pending' AND o.next_attempt_at <= $2
             AND (o.lease_until IS NULL OR o.lease_until <= $2)
             AND NOT EXISTS (SELECT 1 FROM ${s}.outbox_endpoints d WHERE d.endpoint = o.endpoint AND d.disabled_at IS NOT NULL)
           ORDER BY o.next_attempt_at, o.id
           LIMIT $3
           FOR UPDATE OF o SKIP LOCKED
         )
         UPDATE ${s}.outbox_entries u SET lease_owner = $4, lease_until = $2::bigint + $5::bigint
         FROM picked WHERE u.id = picked.id
         RETURNING u.*`,
        [options.endpoints, options.now, options.limit, options.owner, options.leaseMs],
      );
      return result.rows.map(toEntry).sort((a, b) => a.nextAttemptAt - b.nextAttemptAt || a.id - b.id);
    },

    settle: (id, owner, settlement) => {
      checkSettlement(id, owner, settlement);
      const { at, next } = settlement;
      const delivered = next.state === 'delivered';
      return tx(async (client) => {
        const updated = await client.query(
          `UPDATE ${s}.outbox_entries SET state = $3, attempts = attempts + 1, next_attempt_at = COALESCE($4::bigint, next_attempt_at),
             last_attempt_at = $5, settled_at = $6, lease_owner = NULL, lease_until = NULL
           WHERE id = $1 AND lease_owner = $2 AND state = 'pending' RETURNING *`,
          [id, owner, next.state, next.state === 'pending' ? next.at : null, at, next.state === 'pending' ? null : at],
        );
        const row = updated.rows[0];
        if (row === undefined) return null;
        const entry = toEntry(row);
        await client.query(
          `INSERT INTO ${s}.outbox_attempts (entry_id, event_id, type, endpoint, lane, attempt, at, duration_ms, status_code, error, delivered)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
          [
            id,
            entry.eventId,
            entry.type,
            entry.endpoint,
            entry.lane,
            entry.attempts,
            at,
            settlement.durationMs,
            settlement.statusCode,
            settlement.error,
            delivered,
          ],
        );
        const health = await client.query(
          `INSERT INTO ${s}.outbox_endpoints (endpoint, failing_since, last_delivered_at)
           VALUES ($1, CASE WHEN $2::boolean THEN NULL ELSE $3::bigint END, CASE WHEN $2::boolean THEN $3::bigint ELSE NULL END)
           ON CONFLICT (endpoint) DO UPDATE SET
             failing_since = CASE WHEN $2::boolean THEN NULL ELSE COALESCE(${s}.outbox_endpoints.failing_since, $3::bigint) END,
             last_delivered_at = CASE WHEN $2::boolean THEN $3::bigint ELSE ${s}.outbox_endpoints.last_delivered_at END
           RETURNING *`,
          [entry.endpoint, delivered, at],
        );
        return toHealth(health.rows[0] as Row);
      });
    },

    release: async (id, owner) => {
      checkCount('entry id', id, 1);
      const result = await pool.query(
        `UPDATE ${s}.outbox_entries SET lease_owner = NULL, lease_until = NULL WHERE id = $1 AND lease_owner = $2 AND state = 'pending'`,
        [id, owner],
      );
      return result.rowCount === 1;
    },

    get: async (id) => {
      checkCount('entry id', id, 1);
      const result = await pool.query(`SELECT * FROM ${s}.outbox_entries WHERE id = $1`, [id]);
      return result.rows[0] === undefined ? null : toEntry(result.rows[0]);
    },

    entries: async (options) => {
      checkEntryList(options);
      const result = await pool.query(
        `SELECT * FROM ${s}.outbox_entries WHERE endpoint = $1 AND ($2::text[] IS NULL OR state = ANY($2::text[]))
           AND ($3::bigint IS NULL OR created_at >= $3) AND ($4::text IS NULL OR event_id = $4) AND ($5::bigint IS NULL OR id < $5)
         ORDER BY id DESC LIMIT $6`,
        [options.endpoint, options.states ?? null, options.since ?? null, options.eventId ?? null, options.before ?? null, options.limit],
      );
      return result.rows.map(toEntry);
    },

    attempts: async (options) => {
      checkAttemptList(options);
      const result = await pool.query(
        `SELECT * FROM ${s}.outbox_attempts WHERE endpoint = $1 AND ($2::bigint IS NULL OR entry_id = $2) AND ($3::bigint IS NULL OR id < $3)
         ORDER BY id DESC LIMIT $4`,
        [options.endpoint, options.entryId ?? null, options.before ?? null, options.limit],
      );
      return result.rows.map(toAttempt);
    },

    health: async (endpoints) => {
      for (const endpoint of endpoints) checkEndpoint(endpoint);
      const result = await pool.query(`SELECT * FROM ${s}.outbox_endpoints WHERE endpoint = ANY($1::text[])`, [endpoints]);
      const known = new Map(result.rows.map((row) => [row.endpoint as string, toHealth(row)]));
      return endpoints.map((endpoint) => known.get(endpoint) ?? freshHealth(endpoint));
    },

    setDisabled: async (endpoint, disabled) => {
      checkEndpoint(endpoint);
      checkDisabled(disabled);
      const changed =
        disabled === null
          ? await pool.query(
              `UPDATE ${s}.outbox_endpoints SET disabled_at = NULL, disabled_reason = NULL, failing_since = NULL
               WHERE endpoint = $1 AND disabled_at IS NOT NULL RETURNING *`,
              [endpoint],
            )
          : await pool.query(
              `INSERT INTO ${s}.outbox_endpoints (endpoint, disabled_at, disabled_reason) VALUES ($1, $2, $3)
               ON CONFLICT (endpoint) DO UPDATE SET disabled_at = EXCLUDED.disabled_at, disabled_reason = EXCLUDED.disabled_reason
               WHERE ${s}.outbox_endpoints.disabled_at IS NULL RETURNING *`,
              [endpoint, disabled.at, disabled.reason],
            );
      if (changed.rows[0] !== undefined) return { health: toHealth(changed.rows[0]), changed: true };
      const current = await pool.query(`SELECT * FROM ${s}.outbox_endpoints WHERE endpoint = $1`, [endpoint]);
      return { health: current.rows[0] === undefined ? freshHealth(endpoint) : toHealth(current.rows[0]), changed: false };
    },

    depth: async (endpoints) => {
      for (const endpoint of endpoints) checkEndpoint(endpoint);
      const result = await pool.query(
        `SELECT endpoint, count(*) AS pending, min(created_at) AS oldest FROM ${s}.outbox_entries
         WHERE state = 'pending' AND endpoint = ANY($1::text[]) GROUP BY endpoint`,
        [endpoints],
      );
      const found = new Map(result.rows.map((row) => [row.endpoint as string, row]));
      return endpoints.map((endpoint) => {
        const row = found.get(endpoint);
        return {
          endpoint,
          pending: row === undefined ? 0 : num(row.pending),
          oldestCreatedAt: row === undefined ? null : numOrNull(row.oldest),
        };
      });
    },

    prune: async (options) => {
      checkPrune(options);
      const result = await pool.query(
        `WITH settled AS (SELECT id, settled_at, row_number() OVER (PARTITION BY endpoint ORDER BY id DESC) AS r FROM ${s}.outbox_entries WHERE settled_at IS NOT NULL),
         gone_entries AS (DELETE FROM ${s}.outbox_entries e USING settled WHERE e.id = settled.id AND (settled.r > $3 OR settled.settled_at < $1) RETURNING 1),
         ranked AS (SELECT id, at, row_number() OVER (PARTITION BY endpoint ORDER BY id DESC) AS r FROM ${s}.outbox_attempts),
         gone_attempts AS (DELETE FROM ${s}.outbox_attempts a USING ranked WHERE a.id = ranked.id AND (ranked.r > $2 OR ranked.at < $1) RETURNING 1)
         SELECT (SELECT count(*) FROM gone_entries) + (SELECT count(*) FROM gone_attempts) AS removed`,
        [options.settledBefore, options.keepAttempts, options.keepSettled],
      );
      return num(result.rows[0]?.removed ?? 0);
    },
  };
}
