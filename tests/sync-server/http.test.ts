import type { DocMeta, DocPage } from '@tandem/persistence';
import { DocSchema } from '@tandem/protocol';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { connectClient, openEventStream, startServer, waitFor } from '../src/helpers/index.js';

async function getJson(url: string): Promise<{ status: number; body: unknown; headers: Headers }> {
  const res = await fetch(url);
  return { status: res.status, body: await res.json(), headers: res.headers };
}

function updateWithText(text: string): Uint8Array {
  const doc = new Y.Doc();
  doc.getText('text').insert(0, text);
  return Y.encodeStateAsUpdate(doc);
}

describe('HTTP on the sync port', () => {
  it('healthz and readyz, with CORS', async () => {
    const { httpUrl, store } = await startServer();
    const health = await getJson(`${httpUrl}/healthz`);
    expect(health).toMatchObject({ status: 200, body: { status: 'ok' } });
    expect(health.headers.get('access-control-allow-origin')).toBe('*');
    expect(await getJson(`${httpUrl}/readyz`)).toMatchObject({ status: 200, body: { status: 'ready' } });

    // A store that cannot write makes the server not ready (within the 1 s readiness cache); it stays healthy.
    await store.close();
    const ready = await waitFor(
      async () => {
        const answer = await getJson(`${httpUrl}/readyz`);
        return answer.status === 503 ? answer : null;
      },
      { timeout: 5000, message: '/readyz to answer 503' },
    );
    expect((ready.body as { status: string }).status).toBe('unavailable');
    expect((await getJson(`${httpUrl}/healthz`)).status).toBe(200);
  });

  it('lists documents page by page with metadata', async () => {
    const { httpUrl, store } = await startServer();
    for (const name of ['alpha', 'beta', 'gamma/one', 'delta']) await store.append(name, [updateWithText(name)]);

    const first = await getJson(`${httpUrl}/api/docs?limit=3`);
    expect(first.status).toBe(200);
    const page1 = first.body as DocPage;
    expect(page1.docs.map((d) => d.name)).toEqual(['alpha', 'beta', 'delta']);
    expect(page1.nextCursor).toEqual(expect.any(String));
    expect(page1.docs[0]).toMatchObject({ name: 'alpha', updateCount: 1, totalUpdates: 1, title: null });

    const second = (await getJson(`${httpUrl}/api/docs?limit=3&cursor=${page1.nextCursor}`)).body as DocPage;
    expect(second).toEqual({ docs: [expect.objectContaining({ name: 'gamma/one' })], nextCursor: null });

    expect((await getJson(`${httpUrl}/api/docs?limit=0`)).status).toBe(400);
    expect((await getJson(`${httpUrl}/api/docs?limit=abc`)).status).toBe(400);
    expect((await getJson(`${httpUrl}/api/docs?cursor=***`)).status).toBe(400);
  });

  it('one document: metadata, 404 when unknown, 400 when the name is invalid', async () => {
    const { httpUrl, store } = await startServer();
    await store.append('team/notes', [updateWithText('hi')]);
    const found = await getJson(`${httpUrl}/api/docs/${encodeURIComponent('team/notes')}`);
    expect(found.status).toBe(200);
    expect(found.body).toMatchObject({ name: 'team/notes', totalUpdates: 1 } satisfies Partial<DocMeta>);
    expect(found.headers.get('access-control-allow-origin')).toBe('*');

    const missing = await getJson(`${httpUrl}/api/docs/nope`);
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ error: expect.stringMatching(/unknown document/) });
    expect((await getJson(`${httpUrl}/api/docs/${encodeURIComponent('../etc')}`)).status).toBe(400);
  });

  it('unknown paths get 404 JSON, wrong methods 405', async () => {
    const { httpUrl } = await startServer();
    const missing = await getJson(`${httpUrl}/no/such/path`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toMatch(/application\/json/);
    expect(missing.body).toEqual({ error: expect.stringMatching(/not found/) });
    const wrong = await fetch(`${httpUrl}/api/docs`, { method: 'POST' });
    expect(wrong.status).toBe(405);
  });

  it('the title in the doc lands in the metadata', async () => {
    const { httpUrl } = await startServer();
    const client = connectClient(httpUrl.replace('http', 'ws'), 'titled');
    await client.synced();
    client.doc.getText(DocSchema.title).insert(0, 'Quarterly plan');
    await waitFor(async () => ((await getJson(`${httpUrl}/api/docs/titled`)).body as DocMeta).title === 'Quarterly plan', {
      message: 'title in /api/docs/titled',
    });
    client.doc.getText(DocSchema.title).insert(9, ' (draft)');
    await waitFor(async () => ((await getJson(`${httpUrl}/api/docs`)).body as DocPage).docs[0]?.title === 'Quarterly (draft) plan');
  });

  it('SSE: activity on connect and on every change (coalesced), doc events with the current metadata', async () => {
    const { httpUrl, wsUrl } = await startServer();
    const stream = await openEventStream(`${httpUrl}/api/events`);
    await waitFor(() => stream.dataOf('activity').length === 1);
    expect(stream.dataOf('activity')[0]).toEqual({ docs: [] });

    const a = connectClient(wsUrl, 'live');
    const b = connectClient(wsUrl, 'live');
    await Promise.all([a.synced(), b.synced()]);
    type Activity = { docs: Array<{ name: string; connections: number }> };
    await waitFor(() => stream.dataOf<Activity>('activity').at(-1)?.docs[0]?.connections === 2, {
      message: 'activity shows 2 connections',
    });

    a.doc.getText(DocSchema.title).insert(0, 'Live title');
    await waitFor(() => stream.dataOf<DocMeta>('doc').some((meta) => meta.name === 'live' && meta.title === 'Live title'), {
      message: 'doc event with the title',
    });

    b.destroy();
    await waitFor(() => stream.dataOf<Activity>('activity').at(-1)?.docs[0]?.connections === 1);
    a.destroy();
    await waitFor(() => stream.dataOf<Activity>('activity').at(-1)?.docs.length === 0);

    // Coalesced: 20 joins produce one activity event per 250 ms window, not one per join. Counted,
    // not timed: the gaps between arrivals move with the machine's load, the count cannot grow.
    const before = stream.dataOf('activity').length;
    const startedAt = Date.now();
    const crowd = Array.from({ length: 20 }, () => connectClient(wsUrl, 'crowd'));
    await waitFor(() => stream.dataOf<Activity>('activity').at(-1)?.docs[0]?.connections === 20, {
      message: 'activity shows 20 connections',
    });
    const windows = Math.ceil((Date.now() - startedAt) / 250) + 1;
    const events = stream.dataOf('activity').length - before;
    expect(events).toBeLessThanOrEqual(Math.min(windows, 19));
    for (const client of crowd) client.destroy();
  });
});
