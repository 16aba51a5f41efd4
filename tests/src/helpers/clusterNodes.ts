import { randomBytes } from 'node:crypto';
import { createPostgresStore } from '@tandem/persistence';
import * as Y from 'yjs';
import { freshSchema } from '../../../packages/persistence/test/postgresTestDatabase.js';
import { type ServerProcess, spawnServerProcess } from './spawnServerProcess.js';

export interface ClusterOptions {
  databaseUrl: string;
  redisUrl: string;
  /** Extra environment for every node. */
  env?: Record<string, string>;
}

export interface ProcessCluster {
  schema: string;
  prefix: string;
  nodes: (ServerProcess | null)[];
  /** Starts node `index` (again), on `port` if given. */
  start: (index: number, port?: number) => Promise<ServerProcess>;
  /** The doc as PostgreSQL holds it (read with a store of its own). */
  stored: (docName: string) => Promise<Y.Doc>;
}

/**
 * Cluster nodes as real processes (the CLI with DATABASE_URL and REDIS_URL), sharing a fresh
 * schema and Redis prefix; each is killed after the test if still running.
 */
export async function startProcessCluster(count: number, options: ClusterOptions): Promise<ProcessCluster> {
  const schema = freshSchema();
  const prefix = `tandem-test-${randomBytes(4).toString('hex')}`;
  const nodes: (ServerProcess | null)[] = Array.from({ length: count }, () => null);
  const start = async (index: number, port?: number) => {
    const node = await spawnServerProcess({
      args: port === undefined ? ['--node-id', `node-${index}`] : ['--node-id', `node-${index}`, '--port', String(port)],
      env: {
        DATABASE_URL: options.databaseUrl,
        DATABASE_SCHEMA: schema,
        REDIS_URL: options.redisUrl,
        REDIS_PREFIX: prefix,
        MEMORY_RELEASE_IDLE_MS: '0',
        ...options.env,
      },
      startTimeoutMs: 20_000,
    });
    nodes[index] = node;
    return node;
  };
  // One after another: the first creates the schema (the others would wait on its migration lock anyway).
  for (let i = 0; i < count; i++) await start(i);
  const stored = async (docName: string) => {
    const store = await createPostgresStore({ connectionString: options.databaseUrl, schema });
    try {
      const loaded = await store.load(docName);
      const doc = new Y.Doc();
      if (loaded !== null) Y.applyUpdate(doc, loaded.update);
      return doc;
    } finally {
      await store.close();
    }
  };
  return { schema, prefix, nodes, start, stored };
}

/**
 * True when `stored` already holds every one of `received` (the updates some client received from a
 * server): applying them changes nothing and leaves nothing pending. The "relayed implies stored" check.
 */
export function storedCovers(stored: Y.Doc, received: readonly Uint8Array[]): boolean {
  const probe = new Y.Doc();
  Y.applyUpdate(probe, Y.encodeStateAsUpdate(stored));
  let changed = false;
  probe.on('update', () => {
    changed = true;
  });
  for (const update of received) Y.applyUpdate(probe, update);
  const pending = probe.store.pendingStructs !== null || probe.store.pendingDs !== null;
  probe.destroy();
  return !changed && !pending;
}
