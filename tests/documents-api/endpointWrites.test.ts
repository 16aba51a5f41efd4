import { describe, expect, it } from 'vitest';
import { docPath } from './apiClient.js';
import {
  auth,
  call,
  created,
  deleteKey,
  expectAuthFailures,
  expectError,
  markdownOf,
  readKey,
  server,
  useEndpointServer,
  writeKey,
} from './endpointServer.js';

/**
 * The documents API's writing endpoints against a real server with auth on (PUT, PATCH, append,
 * duplicate, delete, restore, the trash): each one's success and each of its failures. Creating,
 * listing and reading are in endpoints.test.ts.
 */
useEndpointServer();

describe('the documents API, endpoint by endpoint: writing, copying and deleting', () => {
  it.each([
    ['PUT', '', { format: 'markdown', content: 'Replaced' }, 'Replaced'],
    ['PATCH', '', { block: 1, format: 'markdown', content: '## Patched' }, '# Title\n\n## Patched\n\nSecond paragraph'],
    ['POST', '/append', { format: 'html', content: '<p>Appended</p>' }, '# Title\n\nFirst paragraph\n\nSecond paragraph\n\nAppended'],
  ])('%s /api/docs/{name}%s writes live, conditionally on If-Match, attributed to the caller', async (method, suffix, body, expected) => {
    const name = await created();
    const write = (credentials: string | undefined, extra: { body?: unknown; headers?: Record<string, string> } = {}) =>
      call(method, docPath(name, suffix), { auth: credentials, body, ...extra });
    await expectAuthFailures(write, [auth.reader, auth.outsider, readKey.key, deleteKey.key]);
    expect(await markdownOf(name)).toBe('# Title\n\nFirst paragraph\n\nSecond paragraph');

    const stale = (await call('GET', docPath(name), { auth: auth.reader })).headers.get('etag') as string;
    expectError(await write(auth.writer, { body: { ...body, content: 42 } }), 400, /content must be a string/);
    expectError(await write(auth.writer, { body: { ...body, format: 'docx' } }), 400, /"format"/);
    expectError(await call(method, docPath('team-unknown', suffix), { auth: auth.writer, body }), 404, /unknown document/);

    const written = await write(writeKey.key, { headers: { 'If-Match': stale } });
    expect(written.status, written.text).toBe(200);
    expect(written.json).toMatchObject({ name, changed: true });
    expect(await markdownOf(name)).toBe(expected);
    const batches = (await server.store.readAfter(name, 0)) ?? [];
    expect(batches.at(-1)?.authors).toEqual(['apikey:bot']);
    const current = written.headers.get('etag') as string;
    expect(current).not.toBe(stale);
    expect((await call('GET', docPath(name), { auth: auth.reader })).headers.get('etag')).toBe(current);

    const refused = await write(auth.writer, { headers: { 'If-Match': stale } });
    expectError(refused, 412, /changed since/);
    expect(refused.headers.get('etag')).toBe(current);
    expect(refused.json?.etag).toBe(current);
    expect(await markdownOf(name)).toBe(expected);
  });

  it('PUT with the same content changes nothing; PATCH of a block that is not there is a 409', async () => {
    const name = await created('Same');
    const unchanged = await call('PUT', docPath(name), { auth: auth.writer, body: { format: 'markdown', content: 'Same' } });
    expect(unchanged.json).toMatchObject({ changed: false });
    expect((await server.store.getMeta(name))?.seq).toBe(1);
    expectError(
      await call('PATCH', docPath(name), { auth: auth.writer, body: { block: 5, format: 'text', content: 'x' } }),
      409,
      /no block/,
    );
    expectError(
      await call('PATCH', docPath(name), { auth: auth.writer, body: { block: '1:1', format: 'text', content: 'x' } }),
      409,
      /no block/,
    );
    const { blocks } = (await call('GET', docPath(name), { auth: auth.writer })).json as { blocks: string[] };
    const byId = await call('PATCH', docPath(name, `?block=${blocks[0]}`), { auth: auth.writer, body: 'By id', contentType: 'text/plain' });
    expect(byId.json).toMatchObject({ changed: true, index: 0, blocks: [blocks[0]] });
    expect(await markdownOf(name)).toBe('By id');
  });

  it('POST /api/docs/{name}/duplicate copies the document as it is now', async () => {
    const name = await created('Original *text*', 'Original');
    const duplicate = (credentials: string | undefined, body: unknown = { name: `${name}-copy` }) =>
      call('POST', docPath(name, '/duplicate'), { auth: credentials, body });
    await expectAuthFailures(duplicate, [auth.reader, auth.outsider, readKey.key]);
    expect((await duplicate(auth.writer, { name: 'other-copy' })).status).toBe(403);
    expectError(await duplicate(auth.writer, { title: 'x' }), 400, /"name"/);
    expectError(await call('POST', docPath('team-unknown', '/duplicate'), { auth: auth.writer, body: { name: 'team-c' } }), 404, /unknown/);
    expectError(await duplicate(auth.writer, { name }), 409, /already exists/);
    const copy = await duplicate(auth.writer, { name: `${name}-copy`, title: 'The copy' });
    expect(copy.status, copy.text).toBe(201);
    expect(copy.json).toMatchObject({ name: `${name}-copy`, title: 'The copy' });
    expect(await markdownOf(`${name}-copy`)).toBe('Original *text*');
    expect(await markdownOf(name)).toBe('Original *text*');
  });

  it('DELETE /api/docs/{name} and POST /api/docs/{name}/restore; GET /api/trash', async () => {
    const name = await created('Keep me', 'Precious');
    await expectAuthFailures(
      (credentials) => call('DELETE', docPath(name), { auth: credentials }),
      [auth.reader, readKey.key, writeKey.key],
    );
    expectError(await call('DELETE', docPath('team-unknown'), { auth: auth.writer }), 404, /unknown document/);
    const etag = (await call('GET', docPath(name), { auth: auth.reader })).headers.get('etag') as string;
    await call('PUT', docPath(name), { auth: auth.writer, body: { format: 'markdown', content: 'Keep me too' } });
    expectError(await call('DELETE', docPath(name), { auth: auth.writer, headers: { 'If-Match': etag } }), 412, /changed since/);

    const deleted = await call('DELETE', docPath(name), { auth: deleteKey.key });
    expect(deleted.status, deleted.text).toBe(200);
    expect(deleted.json).toMatchObject({ name, deletedAt: expect.any(Number), purgeAt: expect.any(Number) });
    expect((deleted.json?.purgeAt as number) - (deleted.json?.deletedAt as number)).toBe(30 * 86_400_000);
    expectError(await call('GET', docPath(name), { auth: auth.reader }), 404, /unknown document/);

    await expectAuthFailures((credentials) => call('GET', '/api/trash', { auth: credentials }), []);
    const trash = (await call('GET', '/api/trash', { auth: auth.reader })).json?.docs as Record<string, unknown>[];
    expect(trash).toContainEqual({
      name,
      title: 'Precious',
      deletedAt: deleted.json?.deletedAt,
      deletedBy: 'apikey:janitor',
      purgeAt: deleted.json?.purgeAt,
    });
    expect((await call('GET', '/api/trash', { auth: auth.outsider })).json?.docs).toEqual([]);

    await expectAuthFailures((credentials) => call('POST', docPath(name, '/restore'), { auth: credentials }), [auth.reader, auth.outsider]);
    expectError(await call('POST', docPath('team-never', '/restore'), { auth: auth.writer }), 404, /no deleted document/);
    const restored = await call('POST', docPath(name, '/restore'), { auth: auth.writer });
    expect(restored.status, restored.text).toBe(200);
    expect(restored.json).toMatchObject({ name, title: 'Precious' });
    expect(await markdownOf(name)).toBe('Keep me too');
    expect((await call('GET', '/api/trash', { auth: auth.reader })).json?.docs).not.toContainEqual(expect.objectContaining({ name }));

    // A name taken again cannot be restored over.
    await call('DELETE', docPath(name), { auth: auth.writer });
    await call('POST', '/api/docs', { auth: auth.writer, body: { name, format: 'text', content: 'A new one' } });
    expectError(await call('POST', docPath(name, '/restore'), { auth: auth.writer }), 409, /already exists/);
  });

  it('DELETE /api/trash/{name} purges every deleted copy of a name before its retention ends', async () => {
    const name = await created('First life', 'Twice deleted');
    await call('DELETE', docPath(name), { auth: auth.writer });
    await call('POST', '/api/docs', { auth: auth.writer, body: { name, format: 'text', content: 'Second life' } });
    await call('DELETE', docPath(name), { auth: auth.writer });
    const inTrash = async () =>
      (((await call('GET', '/api/trash', { auth: auth.reader })).json?.docs ?? []) as { name: string }[]).filter((doc) => doc.name === name)
        .length;
    expect(await inTrash()).toBe(2);
    const purge = (credentials: string | undefined) => call('DELETE', `/api/trash/${encodeURIComponent(name)}`, { auth: credentials });
    await expectAuthFailures(purge, [auth.reader, auth.outsider, readKey.key, writeKey.key]);
    expectError(await call('DELETE', '/api/trash/-bad', { auth: auth.writer }), 400, /name/);
    const purged = await purge(deleteKey.key);
    expect(purged.status, purged.text).toBe(200);
    expect(purged.json).toEqual({ name, purged: 2 });
    expect(await inTrash()).toBe(0);
    // Nothing left to restore, or to purge; the content is gone from the store too.
    expectError(await call('POST', docPath(name, '/restore'), { auth: auth.writer }), 404, /no deleted document/);
    expectError(await purge(auth.writer), 404, /no deleted document/);
    expect(
      (await server.store.list({ limit: 1000 })).docs.filter((doc) => doc.name.startsWith('~trash/') && doc.name.endsWith(`/${name}`)),
    ).toEqual([]);
  });
});
