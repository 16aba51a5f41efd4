import { utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { createPostgresStore } from '@tandem/persistence';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { apiClient, docPath, makeApiKey } from '../documents-api/apiClient.js';
import {
  fileDatabase,
  makeTempDir,
  postgresAvailable,
  redisUrl,
  type ServerProcess,
  startProcessCluster,
  systemService,
  waitFor,
} from '../src/helpers/index.js';
import { pngImage } from '../src/helpers/pngImage.js';

/**
 * Freeing uploaded images in a cluster: two node processes on one PostgreSQL schema and one shared
 * uploads directory, with Redis. While one node sweeps (it holds the store's advisory lock) the
 * other's sweep is refused with 409; the first sweep on one node and the second on the other give
 * what one node would: the image of a deleted document and one nothing refers to go, the image
 * another document shows stays, on both nodes.
 */
const hasServices = (await postgresAvailable('the cluster image sweep')) && (await systemService('Redis', 6379, 'the cluster image sweep'));
const database = fileDatabase(hasServices);
const admin = makeApiKey('ops', ['admin', 'docs:read', 'docs:write', 'docs:delete']);
const DAY_MS = 24 * 60 * 60 * 1000;

describe.skipIf(!hasServices)('freeing uploaded images in a cluster (PostgreSQL, two nodes)', () => {
  it('one node sweeps at a time, and the sweeps of either node free the same images', async () => {
    const uploadsDir = await makeTempDir('tandem-shared-uploads-');
    const cluster = await startProcessCluster(2, {
      databaseUrl: database().url,
      redisUrl,
      env: {
        AUTH_SECRET: 'cluster-upload-sweep-secret-long-enough!!',
        API_KEYS: JSON.stringify([admin.entry]),
        UPLOADS_DIR: uploadsDir,
        DELETED_DOC_RETENTION_SEC: '0',
      },
    });
    const [one, two] = cluster.nodes as [ServerProcess, ServerProcess];
    const upload = async (node: ServerProcess, doc: string, seed: number) => {
      const answer = await fetch(`${node.httpUrl}${docPath(doc, '/uploads')}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${admin.key}` },
        body: new Uint8Array(pngImage(10 + seed, 10, [seed, seed, seed])),
      });
      expect(answer.status).toBe(201);
      const { name, bytes } = (await answer.json()) as { name: string; bytes: number };
      const then = new Date(Date.now() - 2 * DAY_MS);
      await utimes(join(uploadsDir, name.slice(0, 2), name), then, then);
      return { name, bytes };
    };
    const create = async (node: ServerProcess, doc: string, images: { name: string }[]) => {
      const content = images.map(({ name }) => ({ type: 'image', attrs: { src: `${node.httpUrl}/api/uploads/${name}` } }));
      const answer = await apiClient(node.httpUrl)('POST', '/api/docs', {
        auth: admin.key,
        body: { name: doc, format: 'json', content: { type: 'doc', content } },
      });
      expect(answer.status, answer.text).toBe(201);
    };
    const sweep = (node: ServerProcess) => apiClient(node.httpUrl)('POST', '/api/uploads/sweep', { auth: admin.key });
    const served = async (node: ServerProcess, name: string) => (await fetch(`${node.httpUrl}/api/uploads/${name}`)).status;

    const onlyA = await upload(one, 'a', 1);
    const shared = await upload(two, 'b', 2);
    const unused = await upload(two, 'a', 3);
    await create(one, 'a', [onlyA, shared]);
    await create(two, 'b', [shared]);
    expect((await apiClient(two.httpUrl)('DELETE', docPath('a'), { auth: admin.key })).status).toBe(200);
    // Enough documents that a sweep lasts a while.
    const store = await createPostgresStore({ connectionString: database().url, schema: cluster.schema });
    const filler = new Y.Doc();
    filler.getText('title').insert(0, 'filler');
    for (let start = 0; start < 3000; start += 250) {
      await Promise.all(
        Array.from({ length: 250 }, (_, i) =>
          store.append(`filler-${String(start + i).padStart(4, '0')}`, [Y.encodeStateAsUpdate(filler)]),
        ),
      );
    }
    await store.close();

    const first = sweep(one);
    await waitFor(() => one.logs.some((line) => line.msg === 'upload sweep started'), { message: 'node one sweeping' });
    const refused = await sweep(two);
    expect(refused.status, refused.text).toBe(409);
    expect(refused.headers.get('retry-after')).toBe('60');
    expect((await first).json).toMatchObject({ outcome: 'swept', node: 'node-0', referenced: 1, waiting: 2, freedFiles: 0 });

    const second = await sweep(two);
    expect(second.json).toMatchObject({
      outcome: 'swept',
      node: 'node-1',
      referenced: 1,
      waiting: 0,
      freedFiles: 2,
      freedBytes: onlyA.bytes + unused.bytes,
    });
    for (const node of [one, two]) {
      expect(await served(node, onlyA.name)).toBe(404);
      expect(await served(node, unused.name)).toBe(404);
      expect(await served(node, shared.name)).toBe(200);
    }
  }, 120_000);
});
