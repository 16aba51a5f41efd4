import type { DocMeta, DocPage } from '@tandem/persistence';
import { DocSchema } from '@tandem/protocol';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { connectClient, type EventStreamClient, openEventStream, overrideStore, startServer, waitFor } from '../src/helpers/index.js';

async function getJson(url: string): Promise<{ status: number; body: unknown; headers: Headers }> {
  const res = await fetch(url);
  return { status: res.status, body: await res.json(), headers: res.headers };
}

/** Who is connected where, as a client of the stream knows it: the snapshot, then each change applied. */
function activityNow(stream: EventStreamClient): Map<string, number> {
  const counts = new Map<string, number>();
  type Activity = { docs: Array<{ name: string; connections: number }> };
  for (const event of stream.events) {
    if (event.event === 'activity') counts.clear();
    if (event.event !== 'activity' && event.event !== 'activity-change') continue;
    for (const doc of (JSON.parse(event.data) as Activity).docs) {
      if (doc.connections > 0) counts.set(doc.name, doc.connections);
      else counts.delete(doc.name);
    }
  }
  return counts;
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

  it('readyz: a 503 does not show the store error, which may name the data directory; the log does', async () => {
    const broken = { on: false };
    const { httpUrl, dataDir, logs } = await startServer({
      config: { logLevel: 'info' },
      wrapStore: (store) =>
        overrideStore(store, {
          checkWritable: () =>
            broken.on ? Promise.reject(new Error(`EACCES: permission denied, open '${dataDir}/.probe'`)) : store.checkWritable(),
        }),
    });
    broken.on = true;
    const answer = await waitFor(
      async () => {
        const res = await fetch(`${httpUrl}/readyz`);
        return res.status === 503 ? res.text() : null;
      },
      { timeout: 5000, message: '/readyz to answer 503' },
    );
    expect(JSON.parse(answer)).toEqual({ status: 'unavailable', error: 'the store cannot write (the server log says why)' });
    expect(answer).not.toContain(dataDir);
    expect(logs.find((line) => line.msg === 'readiness check failed')).toMatchObject({
      level: 40,
      error: expect.stringContaining(dataDir),
    });
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
    const wrong = await fetch(`${httpUrl}/api/docs`, { method: 'PATCH' });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('GET, POST, OPTIONS');
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

  it('SSE: activity on connect, then every change (coalesced), doc events with the current metadata', async () => {
    const { httpUrl, wsUrl } = await startServer();
    const stream = await openEventStream(`${httpUrl}/api/events`);
    await waitFor(() => stream.dataOf('activity').length === 1);
    expect(stream.dataOf('activity')[0]).toEqual({ docs: [] });
    const now = () => activityNow(stream);

    const a = connectClient(wsUrl, 'live');
    const b = connectClient(wsUrl, 'live');
    await Promise.all([a.synced(), b.synced()]);
    await waitFor(() => now().get('live') === 2, { message: 'activity shows 2 connections' });

    a.doc.getText(DocSchema.title).insert(0, 'Live title');
    await waitFor(() => stream.dataOf<DocMeta>('doc').some((meta) => meta.name === 'live' && meta.title === 'Live title'), {
      message: 'doc event with the title',
    });

    b.destroy();
    await waitFor(() => now().get('live') === 1);
    a.destroy();
    await waitFor(() => now().size === 0);

    // Coalesced: 20 joins produce one change event per 250 ms window, not one per join. Counted,
    // not timed: the gaps between arrivals move with the machine's load, the count cannot grow.
    const before = stream.dataOf('activity-change').length;
    const startedAt = Date.now();
    const crowd = Array.from({ length: 20 }, () => connectClient(wsUrl, 'crowd'));
    await waitFor(() => now().get('crowd') === 20, { message: 'activity shows 20 connections' });
    const windows = Math.ceil((Date.now() - startedAt) / 250) + 1;
    const events = stream.dataOf('activity-change').length - before;
    expect(events).toBeLessThanOrEqual(Math.min(windows, 19));
    // The snapshot came once, at connect.
    expect(stream.dataOf('activity')).toHaveLength(1);
    for (const client of crowd) client.destroy();
  });

  it('SSE: after the snapshot on connect, a change sends only the document that changed', async () => {
    const { httpUrl, wsUrl } = await startServer();
    const busy = Array.from({ length: 30 }, (_, i) => connectClient(wsUrl, `busy-${i}`));
    await Promise.all(busy.map((client) => client.synced()));
    const stream = await openEventStream(`${httpUrl}/api/events`);
    await waitFor(() => stream.events.length >= 1, { message: 'the snapshot' });
    expect(stream.events[0]?.event).toBe('activity');
    expect(activityNow(stream).size).toBe(30);

    const joiner = connectClient(wsUrl, 'one-more');
    await joiner.synced();
    await waitFor(() => stream.dataOf('activity-change').length >= 1, { message: 'a change event' });
    // The bytes of the change: the one doc, not the 30 others.
    expect(stream.events.filter((e) => e.event === 'activity-change').map((e) => e.data)).toEqual([
      '{"docs":[{"name":"one-more","connections":1}]}',
    ]);
    joiner.destroy();
    await waitFor(() => stream.dataOf('activity-change').length >= 2, { message: 'the leave' });
    expect(stream.events.filter((e) => e.event === 'activity-change').at(-1)?.data).toBe('{"docs":[{"name":"one-more","connections":0}]}');
    expect(stream.dataOf('activity')).toHaveLength(1);
  });

  it('SSE: each address may hold maxEventStreamsPerIp streams; the next gets 429 with Retry-After, logged and counted', async () => {
    const { httpUrl, logs } = await startServer({ config: { maxEventStreamsPerIp: 3, logLevel: 'info' } });
    const streams = await Promise.all([0, 1, 2].map(() => openEventStream(`${httpUrl}/api/events`)));
    const refused = await fetch(`${httpUrl}/api/events`);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('30');
    expect(await refused.json()).toEqual({ error: 'too many event streams from this address' });
    expect(logs.find((line) => line.msg === 'event stream refused: maxEventStreamsPerIp reached')).toMatchObject({
      level: 40,
      ip: '127.0.0.1',
      max: 3,
    });
    const metrics = await (await fetch(`${httpUrl}/metrics`)).text();
    expect(metrics).toMatch(/^tandem_event_streams_refused_total 1$/m);
    // Other requests from the address are served, and a closed stream frees its place.
    expect((await fetch(`${httpUrl}/api/docs`)).status).toBe(200);
    streams[0]?.close();
    await waitFor(
      async () => {
        const again = await fetch(`${httpUrl}/api/events`);
        if (again.status === 200) await again.body?.cancel();
        return again.status === 200;
      },
      { message: 'a stream accepted once one closed' },
    );
  });

  it('SSE: HEAD answers the headers and ends, holding nothing open', async () => {
    const { httpUrl, server } = await startServer();
    const res = await fetch(`${httpUrl}/api/events`, { method: 'HEAD', signal: AbortSignal.timeout(5000) });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(await res.text()).toBe('');
    expect(server.introspect().eventStreamClients).toBe(0);
  });
});
