import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import * as Y from 'yjs';
import { startDeployment } from './deployment.mjs';
import { deploymentIdentity } from './deploymentIdentity.mjs';
import { schemaSize } from './schemaSize.mjs';
import { pathToFileURL } from 'node:url';
import { spawnTandem, tandemRoot } from './tandem.mjs';

/**
 * Tandem's own PostgreSQL store (the built @tandem/persistence of the Tandem under test), to read what a
 * deployment stored. It loads its own copy of Yjs, which warns once that Yjs was already imported:
 * only bytes cross between the two.
 */
const persistenceEntry = pathToFileURL(join(tandemRoot, 'packages/persistence/dist/index.js'));

/**
 * The doc as Tandem's PostgreSQL store holds it, read through a store of the harness's own.
 * @param {string} databaseUrl
 * @param {string} schema
 * @param {string} docName
 * @returns {Promise<Uint8Array | null>}
 */
async function tandemStoredUpdate(databaseUrl, schema, docName) {
  const { createPostgresStore } = await import(persistenceEntry.href);
  const store = await createPostgresStore({ connectionString: databaseUrl, schema, maxConnections: 2 });
  try {
    const loaded = await store.load(docName);
    // Merged by the bench's own Yjs, so the caller gets one update whatever the store's layout.
    return loaded === null ? null : Y.mergeUpdates([loaded.update]);
  } finally {
    await store.close();
  }
}

/**
 * Tandem on PostgreSQL: `nodes` CLI processes with DATABASE_URL (a schema per data dir), and for
 * more than one REDIS_URL (a prefix per data dir): the cluster mode of `npm run cluster`, without
 * the load balancer (the harness spreads its clients over the nodes itself).
 * @param {{ id: string, label: string, nodes: number }} options
 * @returns {import('./serverDef.mjs').ServerDef}
 */
function tandemOnPostgres({ id, label, nodes }) {
  return {
    id,
    label,
    persistent: true,
    hasDoc: true,
    durableAck: true,
    client: 'y-websocket',
    nodes,
    services: nodes > 1 ? ['postgres', 'redis'] : ['postgres'],
    start: ({ dataDir, nodeArgs, services }) => {
      const { databaseUrl, redisUrl } = services;
      if (!databaseUrl || (nodes > 1 && !redisUrl)) throw new Error(`${id} needs the run's PostgreSQL database and Redis`);
      const { schema, prefix } = deploymentIdentity(dataDir);
      const env = {
        DATABASE_URL: databaseUrl,
        DATABASE_SCHEMA: schema,
        ...(nodes > 1 ? { REDIS_URL: /** @type {string} */ (redisUrl), REDIS_PREFIX: prefix } : {}),
      };
      return startDeployment({
        dataDir,
        count: nodes,
        services,
        startNode: (index) => {
          const nodeDir = join(dataDir, `node-${index}`);
          mkdirSync(nodeDir, { recursive: true });
          return spawnTandem({ dataDir: nodeDir, nodeArgs, env, args: ['--node-id', `node-${index}`], name: `${id} node-${index}` });
        },
        diskBytes: () => schemaSize(databaseUrl, schema),
        storedUpdate: (docName) => tandemStoredUpdate(databaseUrl, schema, docName),
      });
    },
  };
}

export const tandemPostgres = tandemOnPostgres({ id: 'tandem-pg', label: 'Tandem, PostgreSQL', nodes: 1 });
export const tandemCluster = tandemOnPostgres({ id: 'tandem-cluster', label: 'Tandem, 3 nodes (PG + Redis)', nodes: 3 });
