import pg from 'pg';

/**
 * Bytes PostgreSQL uses for the tables of `schema` (heap, indexes and TOAST; not the WAL).
 * @param {string} databaseUrl
 * @param {string} schema
 * @returns {Promise<number>}
 */
export async function schemaSize(databaseUrl, schema) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query(
      `SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0)::bigint AS bytes
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = $1 AND c.relkind = 'r'`,
      [schema],
    );
    return Number(rows[0]?.bytes ?? 0);
  } finally {
    await client.end();
  }
}
