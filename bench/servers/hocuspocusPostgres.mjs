import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { startDeployment } from './deployment.mjs';
import { deploymentIdentity } from './deploymentIdentity.mjs';
import { parsePortLine } from './parsePortLine.mjs';
import { schemaSize } from './schemaSize.mjs';
import { spawnServer } from './spawnServer.mjs';

const main = fileURLToPath(new URL('./hocuspocusPostgresMain.mjs', import.meta.url));

/**
 * What Hocuspocus's `documents` table holds for `docName`.
 * @param {string} databaseUrl
 * @param {string} schema
 * @param {string} docName
 * @returns {Promise<Uint8Array | null>}
 */
async function hocuspocusStoredUpdate(databaseUrl, schema, docName) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query(`SELECT data FROM ${pg.escapeIdentifier(schema)}.documents WHERE name = $1`, [docName]);
    return rows[0]?.data ? new Uint8Array(rows[0].data) : null;
  } catch (error) {
    // The table is created by the first node; before that nothing is stored.
    if (/** @type {{ code?: string }} */ (error).code === '42P01') return null;
    throw error;
  } finally {
    await client.end();
  }
}

/**
 * Hocuspocus 4 on PostgreSQL (its database extension, `hocuspocusPostgresMain.mjs`), `nodes`
 * processes; with more than one, each also runs its Redis extension on the run's Redis.
 * @param {{ id: string, label: string, nodes: number }} options
 * @returns {import('./serverDef.mjs').ServerDef}
 */
function hocuspocusOnPostgres({ id, label, nodes }) {
  return {
    id,
    label,
    persistent: true,
    hasDoc: true,
    durableAck: false,
    client: 'hocuspocus',
    nodes,
    services: nodes > 1 ? ['postgres', 'redis'] : ['postgres'],
    start: ({ dataDir, nodeArgs, services }) => {
      const { databaseUrl, redisUrl } = services;
      if (!databaseUrl || (nodes > 1 && !redisUrl)) throw new Error(`${id} needs the run's PostgreSQL database and Redis`);
      const { schema, prefix } = deploymentIdentity(dataDir);
      return startDeployment({
        dataDir,
        count: nodes,
        services,
        startNode: (index) =>
          spawnServer({
            name: `${id} node-${index}`,
            args: [main],
            nodeArgs,
            env: {
              BENCH_DATABASE_URL: databaseUrl,
              BENCH_SCHEMA: schema,
              ...(nodes > 1 ? { BENCH_REDIS_URL: /** @type {string} */ (redisUrl), BENCH_REDIS_PREFIX: prefix } : {}),
              BENCH_NODE_ID: `node-${index}`,
            },
            dataDir,
            parseReady: parsePortLine,
          }),
        diskBytes: () => schemaSize(databaseUrl, schema),
        storedUpdate: (docName) => hocuspocusStoredUpdate(databaseUrl, schema, docName),
      });
    },
  };
}

export const hocuspocusPostgres = hocuspocusOnPostgres({ id: 'hocuspocus-pg', label: 'Hocuspocus 4, PostgreSQL', nodes: 1 });
export const hocuspocusCluster = hocuspocusOnPostgres({
  id: 'hocuspocus-cluster',
  label: 'Hocuspocus 4, 3 nodes (PG + Redis)',
  nodes: 3,
});
