import { randomBytes } from 'node:crypto';
import { createPostgresStore, type DocumentStore } from '@tandem/persistence';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  type Client,
  connectClient,
  fileDatabase,
  freshSchema,
  postgresAvailable,
  redisUrl,
  registerTeardown,
  type StartedServer,
  startServer,
  systemService,
  waitFor,
} from '../src/helpers/index.js';

// Three nodes in this process, each with its own PostgreSQL store (its own pool) on one database,
// talking through the machine's Redis.
const hasServices = (await postgresAvailable('cluster tests on PostgreSQL')) && (await systemService('Redis', 6379, 'cluster tests'));

const database = fileDatabase(hasServices);

async function startNodes(count: number): Promise<{ nodes: StartedServer[]; stores: DocumentStore[] }> {
  const schema = freshSchema();
  const prefix = `tandem-test-${randomBytes(4).toString('hex')}`;
  const stores: DocumentStore[] = [];
  const nodes: StartedServer[] = [];
  for (let i = 0; i < count; i++) {
    const store = await createPostgresStore({ connectionString: database().url, schema });
    registerTeardown(() => store.close());
    stores.push(store);
    nodes.push(await startServer({ store, config: { redisUrl, redisPrefix: prefix, nodeId: `pg-node-${i}` } }));
  }
  return { nodes, stores };
}

const text = (doc: Y.Doc) => doc.getText('t').toString();

describe.skipIf(!hasServices)('cluster mode on PostgreSQL (three nodes in one process, real Redis)', () => {
  it('200 edits from clients spread over three nodes converge, and what every client holds is what PostgreSQL holds', async () => {
    const { nodes, stores } = await startNodes(3);
    const clients: Client[] = [];
    for (let i = 0; i < 6; i++) clients.push(connectClient((nodes[i % 3] as StartedServer).wsUrl, 'busy'));
    await Promise.all(clients.map((client) => client.synced()));
    const words: string[] = [];
    for (let round = 0; round < 34; round++) {
      for (const [i, client] of clients.entries()) {
        const word = `<${i}.${round}>`;
        words.push(word);
        client.doc.getText('t').insert(round % 2 === 0 ? 0 : client.doc.getText('t').length, word);
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
    await waitFor(() => clients.every((client) => text(client.doc).length === words.join('').length), {
      timeout: 15_000,
      message: 'every edit on every client',
    });
    const expected = text((clients[0] as Client).doc);
    for (const client of clients) expect(text(client.doc)).toBe(expected);
    // Relayed implies stored: the store, read through any node's pool, holds exactly that.
    for (const store of stores) {
      const loaded = await store.load('busy');
      const stored = new Y.Doc();
      Y.applyUpdate(stored, loaded?.update as Uint8Array);
      expect(text(stored)).toBe(expected);
    }
  });
});
