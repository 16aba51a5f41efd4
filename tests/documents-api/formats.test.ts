import { describe, expect, it } from 'vitest';
import { htmlFixtures } from '../../packages/document/src/fixtures/htmlFixtures.js';
import { markdownFixtures } from '../../packages/document/src/fixtures/markdownFixtures.js';
import { startServer } from '../src/helpers/index.js';
import { apiClient, docPath } from './apiClient.js';

/**
 * Round trips through a real server: content sent in one format, stored as a Yjs document, read
 * back in the same format, is the same text (one fixture per feature of the schema). And the
 * served OpenAPI document matches the routes the server answers.
 */
describe('formats through the server', () => {
  it('Markdown → document → Markdown gives the same text, for every fixture', async () => {
    const { httpUrl } = await startServer();
    const call = apiClient(httpUrl);
    for (const [fixture, markdown] of Object.entries(markdownFixtures)) {
      const name = `md-${fixture.replace(/\W+/g, '-')}`;
      const created = await call('POST', `/api/docs?name=${name}`, { body: markdown, contentType: 'text/markdown' });
      expect(created.status, `${fixture}: ${created.text}`).toBe(201);
      expect((await call('GET', docPath(name), { headers: { Accept: 'text/markdown' } })).text, fixture).toBe(markdown);
    }
  });

  it('HTML → document → HTML gives the same text, for every fixture; PUT of the same HTML changes nothing', async () => {
    const { httpUrl } = await startServer();
    const call = apiClient(httpUrl);
    for (const [fixture, html] of Object.entries(htmlFixtures)) {
      const name = `html-${fixture.replace(/\W+/g, '-')}`;
      expect((await call('POST', `/api/docs?name=${name}`, { body: html, contentType: 'text/html' })).status, fixture).toBe(201);
      expect((await call('GET', docPath(name, '?format=html'))).text, fixture).toBe(html);
      const again = await call('PUT', docPath(name), { body: html, contentType: 'text/html' });
      expect(again.json, fixture).toMatchObject({ changed: false });
    }
  });

  it('the served OpenAPI document names exactly the methods each path answers', async () => {
    const { httpUrl } = await startServer();
    const call = apiClient(httpUrl);
    const document = (await call('GET', '/api/openapi.json')).json as { paths: Record<string, Record<string, unknown>> };
    const verbs = ['get', 'put', 'post', 'patch', 'delete'];
    for (const [path, item] of Object.entries(document.paths)) {
      const concrete = path
        .replace('{name}', encodeURIComponent('team/a doc'))
        .replace('{file}', `${'0'.repeat(64)}.png`)
        .replace(/\{[a-z]+\}/g, '7');
      const options = await fetch(`${httpUrl}${concrete}`, { method: 'OPTIONS' });
      const allowed = (options.headers.get('allow') ?? '').split(', ').filter((method) => method !== 'OPTIONS');
      const documented = Object.keys(item)
        .filter((key) => verbs.includes(key))
        .map((verb) => verb.toUpperCase());
      if (path.includes('{name}/')) {
        // `/api/docs/{name}` also matches here (a name may hold "/"), so its methods are allowed too.
        expect(allowed, path).toEqual(expect.arrayContaining(documented));
      } else {
        expect(allowed.sort(), path).toEqual(documented.sort());
      }
    }
  });
});
