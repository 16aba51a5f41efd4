import { createHash } from 'node:crypto';
import { utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { DocumentView, DocumentCodec, type JSONContent, replaceContent } from '@tandem/document';
import { createLevelStore } from '@tandem/persistence';
import { signToken } from '@tandem/sync-server';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { connectClient, metricSample, scrapeMetrics, type ServerProcess, spawnServerProcess, waitFor } from '../src/helpers/index.js';
import { pngImage } from '../src/helpers/pngImage.js';
import { apiClient, docPath, makeApiKey } from './apiClient.js';

/**
 * Freeing uploaded images (the mark-and-sweep), against the built server in a process of its own
 * on LevelDB. Images are uploaded, put into documents through the documents API and through a
 * stock WebsocketProvider, their files aged past the grace period (their mtime, which is what the
 * sweep reads), and sweeps run through the admin route. What must stay: an image of a live
 * document, one only a kept version shows, one only a deleted (not yet purged) document holds, one
 * uploaded within the grace period. What goes: an image nothing refers to, on the second sweep that
 * finds it so; the image of a purged document. A restart (SIGKILL in the middle of a sweep) loses
 * nothing that must stay.
 */
const SECRET = 'upload-sweep-test-secret-long-enough-for-hs256!';
const admin = makeApiKey('ops', ['admin', 'docs:read', 'docs:write', 'docs:delete']);
const reader = makeApiKey('reader', ['docs:read']);
const codec = new DocumentCodec();
const DAY_MS = 24 * 60 * 60 * 1000;

interface Image {
  name: string;
  bytes: number;
  path: string;
}

const paragraph = (text: string): JSONContent => ({ type: 'paragraph', content: [{ type: 'text', text }] });
const serverEnv = (extra: Record<string, string> = {}) => ({
  AUTH_SECRET: SECRET,
  API_KEYS: JSON.stringify([admin.entry, reader.entry]),
  MEMORY_RELEASE_IDLE_MS: '0',
  ...extra,
});

function stack(server: ServerProcess) {
  const call = apiClient(server.httpUrl);
  const imageNode = (image: Image): JSONContent => ({
    type: 'image',
    attrs: { src: `${server.httpUrl}/api/uploads/${image.name}`, alt: image.name },
  });
  return {
    call,
    imageNode,
    async upload(doc: string, seed: number): Promise<Image> {
      const bytes = pngImage(8 + seed, 8, [seed, 2 * seed, 3 * seed]);
      const answer = await fetch(`${server.httpUrl}${docPath(doc, '/uploads')}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${admin.key}`, 'Content-Type': 'image/png' },
        body: new Uint8Array(bytes),
      });
      expect(answer.status).toBe(201);
      const name = ((await answer.json()) as { name: string }).name;
      expect(name).toBe(`${createHash('sha256').update(bytes).digest('hex')}.png`);
      return { name, bytes: bytes.length, path: join(server.dataDir, 'uploads', name.slice(0, 2), name) };
    },
    async write(doc: string, blocks: JSONContent[], create = false) {
      const answer = await call(create ? 'POST' : 'PUT', create ? '/api/docs' : docPath(doc), {
        auth: admin.key,
        body: { ...(create ? { name: doc } : {}), format: 'json', content: { type: 'doc', content: blocks } },
      });
      expect(answer.status, answer.text).toBe(create ? 201 : 200);
    },
    async sweep() {
      const answer = await call('POST', '/api/uploads/sweep', { auth: admin.key });
      expect(answer.status, answer.text).toBe(200);
      return answer.json as Record<string, number | string>;
    },
    async served(image: Image): Promise<number> {
      return (await fetch(`${server.httpUrl}/api/uploads/${image.name}`)).status;
    },
  };
}

/** Makes an image's file look uploaded `days` ago. */
async function age(image: Image, days = 2): Promise<void> {
  const then = new Date(Date.now() - days * DAY_MS);
  await utimes(image.path, then, then);
}

describe('freeing uploaded images (a server process on LevelDB)', () => {
  it('keeps what live, versioned and trashed documents show and what is recent; frees the rest on the second sweep; frees a purged document’s', async () => {
    let server = await spawnServerProcess({ env: serverEnv() });
    let s = stack(server);
    const onlyA = await s.upload('a', 1);
    const shared = await s.upload('a', 2);
    const inVersion = await s.upload('c', 3);
    const unused = await s.upload('a', 4);
    await s.write('a', [paragraph('two images'), s.imageNode(onlyA), s.imageNode(shared)], true);
    // B gets the shared image from a stock WebsocketProvider, as the editor would insert it.
    const token = await signToken({ secret: SECRET, sub: 'ada', docs: { b: 'write' }, expiresIn: '10m' });
    const client = connectClient(server.wsUrl, 'b', { params: { token } });
    await client.synced();
    const view = new DocumentView(client.doc, codec);
    replaceContent(view, codec.parse('json', { type: 'doc', content: [paragraph('from the editor'), s.imageNode(shared)] }));
    await waitFor(async () => (await s.call('GET', `${docPath('b')}?format=json`, { auth: admin.key })).text.includes(shared.name), {
      message: 'the editor’s image stored in b',
    });
    client.destroy();
    // C showed an image in a version it keeps, not any more.
    await s.write('c', [paragraph('with a picture'), s.imageNode(inVersion)], true);
    expect((await s.call('POST', docPath('c', '/versions'), { auth: admin.key, body: { name: 'with the picture' } })).status).toBe(201);
    await s.write('c', [paragraph('the picture went')]);
    expect((await s.call('GET', `${docPath('c')}?format=json`, { auth: admin.key })).text).not.toContain(inVersion.name);
    for (const image of [onlyA, shared, inVersion, unused]) await age(image);
    const fresh = await s.upload('a', 5);
    expect((await s.call('DELETE', docPath('a'), { auth: admin.key })).status).toBe(200);

    // Only an admin key sweeps.
    expect((await s.call('POST', '/api/uploads/sweep', { auth: reader.key })).status).toBe(403);
    const first = await s.sweep();
    expect(first).toMatchObject({ outcome: 'swept', files: 5, referenced: 3, waiting: 1, recent: 1, freedFiles: 0 });
    expect(first.docs).toBeGreaterThanOrEqual(3);
    const second = await s.sweep();
    expect(second).toMatchObject({
      outcome: 'swept',
      files: 5,
      referenced: 3,
      waiting: 0,
      recent: 1,
      freedFiles: 1,
      freedBytes: unused.bytes,
    });
    expect(await s.served(unused)).toBe(404);
    for (const kept of [onlyA, shared, inVersion, fresh]) expect(await s.served(kept), kept.name).toBe(200);
    expect(server.logs.some((line) => line.msg === 'upload sweep finished' && line.freedFiles === 1)).toBe(true);
    const metrics = await scrapeMetrics(server.httpUrl);
    expect(metricSample(metrics, 'tandem_uploads_freed_files_total')).toBe(1);
    expect(metricSample(metrics, 'tandem_uploads_freed_bytes_total')).toBe(unused.bytes);
    expect(metricSample(metrics, 'tandem_upload_sweeps_total', { outcome: 'swept' })).toBe(2);
    expect(metricSample(metrics, 'tandem_upload_sweep_duration_seconds_count')).toBe(2);
    expect(metricSample(metrics, 'tandem_upload_sweep_last_success_timestamp_seconds')).toBeGreaterThan(Date.now() / 1000 - 600);
    expect(metricSample(metrics, 'tandem_uploads_files', { state: 'referenced' })).toBe(3);

    // Restarted with a retention A's deletion is past: A is purged, and its own image goes too.
    server.kill('SIGTERM');
    expect((await server.waitForExit()).code).toBe(0);
    server = await spawnServerProcess({ dataDir: server.dataDir, env: serverEnv({ DELETED_DOC_RETENTION_SEC: '1' }) });
    s = stack(server);
    await waitFor(() => server.logs.some((line) => line.msg === 'deleted documents purged'), { timeout: 10_000, message: 'a purged' });
    expect(await s.sweep()).toMatchObject({ referenced: 2, waiting: 1, freedFiles: 0 });
    expect(await s.sweep()).toMatchObject({ referenced: 2, waiting: 0, freedFiles: 1, freedBytes: onlyA.bytes });
    expect(await s.served(onlyA)).toBe(404);
    for (const kept of [shared, inVersion, fresh]) expect(await s.served(kept), kept.name).toBe(200);

    // Many documents, so a sweep takes a while; SIGKILL in the middle of one.
    server.kill('SIGTERM');
    expect((await server.waitForExit()).code).toBe(0);
    const store = await createLevelStore({ dir: server.dataDir });
    for (let i = 0; i < 1500; i++) {
      const doc = new Y.Doc();
      doc.getText('title').insert(0, `filler ${i}`);
      await store.append(`filler-${String(i).padStart(4, '0')}`, [Y.encodeStateAsUpdate(doc)]);
    }
    await store.close();
    const unusedToo = await (async () => {
      server = await spawnServerProcess({ dataDir: server.dataDir, env: serverEnv() });
      s = stack(server);
      const image = await s.upload('b', 6);
      await age(image);
      return image;
    })();
    const running = s.call('POST', '/api/uploads/sweep', { auth: admin.key }).catch(() => null);
    await waitFor(() => server.logs.some((line) => line.msg === 'upload sweep started'), { message: 'a sweep under way' });
    server.kill('SIGKILL');
    await server.waitForExit();
    await running;
    expect(
      server.logs.some((line) => line.msg === 'upload sweep finished'),
      'killed before the sweep finished',
    ).toBe(false);
    server = await spawnServerProcess({ dataDir: server.dataDir, env: serverEnv() });
    s = stack(server);
    for (const kept of [shared, inVersion, fresh, unusedToo]) expect(await s.served(kept), kept.name).toBe(200);
    expect(await s.sweep()).toMatchObject({ referenced: 2, waiting: 1, freedFiles: 0, docs: expect.any(Number) });
    const last = await s.sweep();
    expect(last).toMatchObject({ referenced: 2, waiting: 0, freedFiles: 1, freedBytes: unusedToo.bytes });
    expect(last.docs).toBeGreaterThan(1500);
    // Nothing changed since the sweep before: this node read no document again.
    expect(last.docsRead).toBe(0);
    for (const kept of [shared, inVersion, fresh]) expect(await s.served(kept), kept.name).toBe(200);
  }, 120_000);
});
