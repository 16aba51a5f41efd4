import { signToken } from '@tandem/sync-server';
import { describe, expect, it } from 'vitest';
import { apiClient, docPath, field, makeApiKey } from '../documents-api/apiClient.js';
import { openEventStream, startServer, waitFor } from '../src/helpers/index.js';

const SECRET = 'event-stream-access-test-secret-0123456789';
const admin = makeApiKey('admin', ['admin']);
const writer = makeApiKey('writer', ['docs:read', 'docs:write']);
const janitor = makeApiKey('janitor', ['docs:read', 'docs:delete']);
const reader = (sub: string, expiresIn = '5m') => signToken({ secret: SECRET, sub, docs: { 'team-*': 'read' }, expiresIn });

interface DocEvent {
  name: string;
  seq: number;
}

describe('the activity stream (/api/events) and access that changes while it is open', () => {
  it('stops sending a document to a stream whose access to it was revoked, from the first event after the revocation', async () => {
    const { httpUrl } = await startServer({ config: { authSecret: SECRET, apiKeys: [admin.entry, writer.entry] as never } });
    const call = apiClient(httpUrl);
    const revoked = await openEventStream(`${httpUrl}/api/events?token=${await reader('ada')}`);
    const control = await openEventStream(`${httpUrl}/api/events?token=${await reader('carol')}`);
    const append = async (name: string) =>
      expect((await call('POST', docPath(name, '/append'), { auth: writer.key, body: 'more', contentType: 'text/plain' })).status).toBe(
        200,
      );
    for (const name of ['team-a', 'team-b']) {
      expect((await call('POST', `/api/docs?name=${name}`, { auth: writer.key, body: 'x', contentType: 'text/plain' })).status).toBe(201);
    }
    const seen = (stream: typeof revoked, name: string, after = 0) =>
      stream.dataOf<DocEvent>('doc').some((doc) => doc.name === name && doc.seq > after);
    await waitFor(() => seen(revoked, 'team-a') && seen(revoked, 'team-b'), { message: 'Ada sees both documents' });

    const revocation = await call('POST', '/api/revocations', { auth: admin.key, body: { sub: 'ada', access: 'none', docs: ['team-a'] } });
    expect(revocation.status).toBe(201);
    const seqA = Math.max(
      ...revoked
        .dataOf<DocEvent>('doc')
        .filter((doc) => doc.name === 'team-a')
        .map((doc) => doc.seq),
    );
    await append('team-a');
    await waitFor(() => seen(control, 'team-a', seqA), { message: "Carol's stream gets team-a's change" });
    // Written to Ada's stream after team-a's event, if that had been sent: its arrival means team-a's would have too.
    const seqB = Math.max(
      ...revoked
        .dataOf<DocEvent>('doc')
        .filter((doc) => doc.name === 'team-b')
        .map((doc) => doc.seq),
    );
    await append('team-b');
    await waitFor(() => seen(revoked, 'team-b', seqB), { message: "Ada's stream still gets team-b" });
    expect(seen(revoked, 'team-a', seqA)).toBe(false);

    // Lifting it lets the document through again (a new stream is not needed).
    const id = field<{ id: string }[]>(await call('GET', '/api/revocations', { auth: admin.key }), 'revocations')[0]?.id ?? '';
    expect((await call('DELETE', `/api/revocations/${id}`, { auth: admin.key })).status).toBe(200);
    await append('team-a');
    await waitFor(() => seen(revoked, 'team-a', seqA), { message: "Ada's stream gets team-a again" });
  });

  it('ends a stream when its token expires', async () => {
    const { httpUrl } = await startServer({ config: { authSecret: SECRET, authClockToleranceSec: 0 } });
    const token = await reader('ada', '2s');
    const started = Date.now();
    const response = await fetch(`${httpUrl}/api/events?token=${token}`);
    expect(response.status).toBe(200);
    const body = response.body?.getReader();
    while (!(await body?.read())?.done) {
      // the initial activity, then nothing until the end
    }
    const lifetime = Date.now() - started;
    expect(lifetime).toBeGreaterThan(800);
    expect(lifetime).toBeLessThan(3500);
    expect((await fetch(`${httpUrl}/api/events?token=${token}`)).status).toBe(401);
  });

  it('tells the streams that may read a document of its deletion at once, and no other stream', async () => {
    const { httpUrl } = await startServer({ config: { authSecret: SECRET, apiKeys: [writer.entry, janitor.entry] as never } });
    const call = apiClient(httpUrl);
    const ada = await openEventStream(`${httpUrl}/api/events?token=${await reader('ada')}`);
    const outsider = await openEventStream(
      `${httpUrl}/api/events?token=${await signToken({ secret: SECRET, sub: 'eve', docs: { 'other-*': 'read' }, expiresIn: '5m' })}`,
    );
    for (const name of ['team-gone', 'other-gone']) {
      expect((await call('POST', `/api/docs?name=${name}`, { auth: writer.key, body: 'x', contentType: 'text/plain' })).status).toBe(201);
    }
    await waitFor(() => ada.dataOf<DocEvent>('doc').some((doc) => doc.name === 'team-gone'), { message: 'Ada sees the document' });
    expect((await call('DELETE', docPath('team-gone'), { auth: janitor.key })).status).toBe(200);
    await waitFor(() => ada.dataOf<{ name: string }>('doc-deleted').some((doc) => doc.name === 'team-gone'), {
      message: 'Ada is told it was deleted',
    });
    // Eve's stream, told of her own document's deletion after it, was told nothing of Ada's.
    expect((await call('DELETE', docPath('other-gone'), { auth: janitor.key })).status).toBe(200);
    await waitFor(() => outsider.dataOf<{ name: string }>('doc-deleted').length > 0, { message: 'Eve is told of hers' });
    expect(outsider.dataOf<{ name: string }>('doc-deleted').map((doc) => doc.name)).toEqual(['other-gone']);
    expect(ada.dataOf<{ name: string }>('doc-deleted').map((doc) => doc.name)).toEqual(['team-gone']);
  });

  it('tells a stream when the revocations naming its caller change (access-changed), and no other stream', async () => {
    const { httpUrl } = await startServer({ config: { authSecret: SECRET, apiKeys: [admin.entry] as never } });
    const call = apiClient(httpUrl);
    const token = await signToken({ secret: SECRET, sub: 'ada', jti: 'ada-home', docs: { 'team-*': 'read' }, expiresIn: '5m' });
    const ada = await openEventStream(`${httpUrl}/api/events?token=${token}`);
    const carol = await openEventStream(`${httpUrl}/api/events?token=${await reader('carol')}`);
    const revoked = await call('POST', '/api/revocations', {
      auth: admin.key,
      body: { jti: 'ada-home', access: 'none', docs: ['team-*'] },
    });
    expect(revoked.status).toBe(201);
    await waitFor(() => ada.dataOf('access-changed').length === 1, { message: "Ada's stream is told" });
    // Lifted: told again (she may read more now).
    expect((await call('DELETE', `/api/revocations/${field<{ id: string }>(revoked, 'revocation').id}`, { auth: admin.key })).status).toBe(
      200,
    );
    await waitFor(() => ada.dataOf('access-changed').length === 2, { message: "Ada's stream is told it was lifted" });
    // Carol's stream, told of a revocation of hers after those, was told of nothing else.
    await call('POST', '/api/revocations', { auth: admin.key, body: { sub: 'carol', access: 'read' } });
    await waitFor(() => carol.dataOf('access-changed').length === 1, { message: "Carol's stream is told of hers" });
    expect(ada.dataOf('access-changed').length).toBe(2);
  });
});
