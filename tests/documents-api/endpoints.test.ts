import { DocumentCodec, DocumentView } from '@tandem/document';
import { signToken } from '@tandem/sync-server';
import { beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { type StartedServer, startServer } from '../src/helpers/index.js';
import { type ApiResponse, apiClient, type Call, docPath, field, makeApiKey } from './apiClient.js';

/**
 * Every endpoint of the documents API against a real server (port 0, LevelDB in a temp dir), with
 * auth on: each one's success, and each of its failures (401 without or with bad credentials, 403
 * without the permission, 400 for a bad request, 404 for an unknown document, 412 for a stale
 * If-Match, 409 for a conflict).
 */
const SECRET = 'documents-api-test-secret-long-enough!';
const codec = new DocumentCodec();
const readKey = makeApiKey('indexer', ['docs:read'], ['team-*']);
const writeKey = makeApiKey('bot', ['docs:read', 'docs:write']);
const deleteKey = makeApiKey('janitor', ['docs:read', 'docs:delete']);
const unknownKey = makeApiKey('nobody', ['docs:read']).key;

let server: StartedServer;
let call: Call;
const auth = { writer: '', reader: '', outsider: '' };

beforeAll(async () => {
  server = await startServer({
    config: { authSecret: SECRET, apiMaxBodyBytes: 64 * 1024, apiKeys: [readKey.entry, writeKey.entry, deleteKey.entry] as never },
  });
  call = apiClient(server.httpUrl);
  auth.writer = await signToken({ secret: SECRET, sub: 'ada', docs: { 'team-*': 'write' }, expiresIn: '10m' });
  auth.reader = await signToken({ secret: SECRET, sub: 'bob', docs: { 'team-*': 'read' }, expiresIn: '10m' });
  auth.outsider = await signToken({ secret: SECRET, sub: 'eve', docs: { 'other-*': 'write' }, expiresIn: '10m' });
});

let docCount = 0;
/** A new document (Markdown content) created by the writer; its name. */
async function created(markdown = '# Title\n\nFirst paragraph\n\nSecond paragraph', title = 'A title'): Promise<string> {
  const name = `team-doc-${++docCount}`;
  const response = await call('POST', '/api/docs', { auth: auth.writer, body: { name, format: 'markdown', content: markdown, title } });
  expect(response.status, response.text).toBe(201);
  return name;
}

const markdownOf = async (name: string) => (await call('GET', docPath(name, '?format=markdown'), { auth: auth.reader })).text;

/** 401 without credentials, with a bad token and with an unknown key; 403 for each of `forbidden`. */
async function expectAuthFailures(request: (credentials: string | undefined) => Promise<ApiResponse>, forbidden: string[]) {
  for (const credentials of [undefined, 'not-a-token', unknownKey]) {
    const response = await request(credentials);
    expect(response.status, `${credentials ?? 'no credentials'}: ${response.text}`).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer realm="tandem"/);
  }
  for (const credentials of forbidden) {
    const response = await request(credentials);
    expect(response.status, response.text).toBe(403);
  }
}

function expectError(response: ApiResponse, status: number, message: RegExp): void {
  expect(response.status, response.text).toBe(status);
  expect(response.json?.error).toMatch(message);
}

describe('the documents API, endpoint by endpoint', () => {
  it('GET /api/openapi.json: public, OpenAPI 3.1', async () => {
    const response = await call('GET', '/api/openapi.json');
    expect(response.status).toBe(200);
    expect(response.json?.openapi).toBe('3.1.0');
  });

  it('POST /api/docs creates a document with content in any format, attributed to the caller; 409 if it exists', async () => {
    await expectAuthFailures(
      (credentials) => call('POST', '/api/docs', { auth: credentials, body: { name: 'team-new', content: { type: 'doc' } } }),
      [auth.reader, auth.outsider, readKey.key, deleteKey.key],
    );
    const created = await call('POST', '/api/docs?name=team-from-md&title=From%20Markdown', {
      auth: auth.writer,
      body: '# Hello\n\n- [ ] task',
      contentType: 'text/markdown',
    });
    expect(created.status, created.text).toBe(201);
    expect(created.headers.get('location')).toBe('/api/docs/team-from-md');
    expect(created.headers.get('etag')).toMatch(/^"[\w-]+"$/);
    expect(created.json).toMatchObject({ name: 'team-from-md', title: 'From Markdown', seq: 1 });
    expect(await markdownOf('team-from-md')).toBe('# Hello\n\n- [ ] task');
    expect((await server.store.readAfter('team-from-md', 0))?.[0]?.authors).toEqual(['ada']);

    for (const [format, content] of [
      ['html', '<p>From <strong>HTML</strong></p>'],
      ['text', 'From text'],
      ['json', { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'From JSON' }] }] }],
    ] as const) {
      const response = await call('POST', '/api/docs', { auth: writeKey.key, body: { name: `team-from-${format}`, format, content } });
      expect(response.status, response.text).toBe(201);
      expect(await markdownOf(`team-from-${format}`)).toMatch(/^From (\*\*HTML\*\*|text|JSON)$/);
      expect((await server.store.readAfter(`team-from-${format}`, 0))?.[0]?.authors).toEqual(['apikey:bot']);
    }
    const empty = await call('POST', '/api/docs', { auth: auth.writer, body: { name: 'team-empty' } });
    expect(empty.status).toBe(201);
    expect((await call('GET', docPath('team-empty'), { auth: auth.writer })).json?.content).toEqual({
      type: 'doc',
      content: [{ type: 'paragraph', attrs: { textAlign: null } }],
    });

    expectError(await call('POST', '/api/docs', { auth: auth.writer, body: { name: 'team-from-md' } }), 409, /already exists/);
  });

  it('POST /api/docs: a bad body is a 400 that says what is wrong; other media types 415; too large 413', async () => {
    const post = (body: unknown, contentType?: string) =>
      call('POST', '/api/docs', { auth: auth.writer, body, ...(contentType === undefined ? {} : { contentType }) });
    expectError(await post({ content: 'x' }), 400, /"name"/);
    expectError(await post({ name: 'team/../x' }), 400, /"name": invalid document name/);
    expectError(await post('{"name": ', 'application/json'), 400, /not valid JSON/);
    expectError(await post({ name: 'team-x', format: 'json', content: { type: 'doc', content: [{ type: 'video' }] } }), 400, /video/);
    expectError(await post({ name: 'team-x', format: 'markdown', content: 42 }), 400, /markdown content must be a string/);
    expectError(await post({ name: 'team-x', surprise: true }), 400, /surprise/);
    expectError(await post('name,content', 'text/csv'), 415, /unsupported Content-Type "text\/csv"/);
    expectError(await post({ name: 'team-big', format: 'text', content: 'x'.repeat(70 * 1024) }), 413, /apiMaxBodyBytes/);
    expect((await server.store.list()).docs.map((doc) => doc.name)).not.toContain('team-x');
  });

  it('GET /api/docs lists what the caller may read, filtered by title and time, without the trash', async () => {
    const name = await created('Listed', 'Quarterly report');
    const since = Date.now();
    const later = await created('Later', 'Weekly notes');
    await call('DELETE', docPath(await created('Gone', 'Deleted one')), { auth: auth.writer });
    await expectAuthFailures((credentials) => call('GET', '/api/docs', { auth: credentials }), []);

    const names = async (query: string, credentials: string) =>
      field<{ name: string }[]>(await call('GET', `/api/docs${query}`, { auth: credentials }), 'docs').map((doc) => doc.name);
    expect(await names('?limit=1000', auth.reader)).toEqual(expect.arrayContaining([name, later]));
    expect((await names('?limit=1000', auth.reader)).every((listed) => listed.startsWith('team-'))).toBe(true);
    expect(await names('', auth.outsider)).toEqual([]);
    expect(await names('?titleContains=QUARTERLY', auth.reader)).toEqual([name]);
    expect(await names(`?updatedSince=${since}&titleContains=notes`, auth.reader)).toEqual([later]);
    expect(await names(`?updatedSince=${new Date(since).toISOString()}&titleContains=report`, readKey.key)).toEqual([]);
    const everything = await names('?limit=1000', writeKey.key);
    expect(everything.some((listed) => listed.startsWith('~'))).toBe(false);
    expect((await server.store.list({ limit: 1000 })).docs.some((doc) => doc.name.startsWith('~trash'))).toBe(true);

    expectError(await call('GET', '/api/docs?limit=0', { auth: auth.reader }), 400, /"limit"/);
    expectError(await call('GET', '/api/docs?updatedSince=yesterday', { auth: auth.reader }), 400, /"updatedSince"/);
    expectError(await call('GET', '/api/docs?titleContains=', { auth: auth.reader }), 400, /"titleContains"/);
  });

  it('GET /api/docs/{name} as JSON, HTML, Markdown, text or Yjs, one ETag for all, 304 when unchanged', async () => {
    const name = await created('# Heading\n\nSome **bold** text');
    await expectAuthFailures((credentials) => call('GET', docPath(name), { auth: credentials }), [auth.outsider]);
    const json = await call('GET', docPath(name), { auth: readKey.key });
    expect(json.status).toBe(200);
    expect(json.json).toMatchObject({ name, title: 'A title', blocks: [expect.stringMatching(/^\d+:\d+$/), expect.any(String)] });
    const etag = json.headers.get('etag') as string;
    const formats: [string, Record<string, string>, string, string][] = [
      ['?format=markdown', {}, 'text/markdown; charset=utf-8', '# Heading\n\nSome **bold** text'],
      ['', { Accept: 'text/html' }, 'text/html; charset=utf-8', '<h1>Heading</h1><p>Some <strong>bold</strong> text</p>'],
      ['', { Accept: 'text/plain' }, 'text/plain; charset=utf-8', 'Heading\n\nSome bold text'],
    ];
    for (const [query, headers, type, body] of formats) {
      const response = await call('GET', docPath(name, query), { auth: auth.reader, headers });
      expect([response.status, response.headers.get('content-type'), response.text]).toEqual([200, type, body]);
      expect(response.headers.get('etag')).toBe(etag);
    }
    const binary = await fetch(`${server.httpUrl}${docPath(name, '?format=yjs')}`, { headers: { Authorization: `Bearer ${auth.reader}` } });
    const doc = new Y.Doc();
    Y.applyUpdate(doc, new Uint8Array(await binary.arrayBuffer()));
    expect(new DocumentView(doc, codec).markdown()).toBe('# Heading\n\nSome **bold** text');
    expect(doc.getText('title').toString()).toBe('A title');

    const again = await call('GET', docPath(name, '?format=markdown'), { auth: auth.reader, headers: { 'If-None-Match': etag } });
    expect([again.status, again.text]).toEqual([304, '']);
    expectError(await call('GET', docPath('team-unknown'), { auth: auth.reader }), 404, /unknown document/);
    expect((await call('GET', docPath('other-unknown'), { auth: auth.reader })).status).toBe(403);
    expectError(await call('GET', docPath(name, '?format=pdf'), { auth: auth.reader }), 400, /unknown format "pdf"/);
    expectError(await call('GET', docPath(name), { auth: auth.reader, headers: { Accept: 'image/png' } }), 406, /Accept/);
    expectError(await call('GET', '/api/docs/..%2Fetc', { auth: auth.reader }), 400, /invalid document name/);
  });

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
