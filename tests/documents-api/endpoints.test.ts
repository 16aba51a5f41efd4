import { DocumentCodec, DocumentView } from '@tandem/document';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { docPath, field } from './apiClient.js';
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
 * Every endpoint of the documents API against a real server (port 0, LevelDB in a temp dir), with
 * auth on: each one's success, and each of its failures (401 without or with bad credentials, 403
 * without the permission, 400 for a bad request, 404 for an unknown document, 412 for a stale
 * If-Match, 409 for a conflict). Here: creating, listing and reading; writing, copying and deleting
 * are in endpointWrites.test.ts.
 */
const codec = new DocumentCodec();
useEndpointServer();

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
});
