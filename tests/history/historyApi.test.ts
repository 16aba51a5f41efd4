import { signToken } from '@tandem/sync-server';
import { beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { apiClient, type Call, docPath, field } from '../documents-api/apiClient.js';
import { connectClient, type StartedServer, startServer, waitFor } from '../src/helpers/index.js';
import { paragraphs } from './paragraphs.js';

const SECRET = 'history-api-tests-secret-0123456789abcdefghijkl';
const tokens: Record<'ada' | 'grace' | 'bob', string> = { ada: '', grace: '', bob: '' };
let server: StartedServer;
let call: Call;

beforeAll(async () => {
  server = await startServer({ config: { authSecret: SECRET, versionPauseMs: 0 } });
  call = apiClient(server.httpUrl);
  tokens.ada = await signToken({ secret: SECRET, sub: 'ada', docs: { 'team-*': 'write' }, expiresIn: '10m' });
  tokens.grace = await signToken({ secret: SECRET, sub: 'grace', docs: { 'team-*': 'write' }, expiresIn: '10m' });
  tokens.bob = await signToken({ secret: SECRET, sub: 'bob', docs: { 'team-*': 'read' }, expiresIn: '10m' });
});

type Version = { seq: number; kind: string; name: string | null; createdBy: string | null; authors: string[] };
type Change = { type: string; author: string; text: string; block: number | 'title'; wholeBlock: boolean };

async function storedText(name: string): Promise<string> {
  return (await call('GET', docPath(name, '?format=text'), { auth: tokens.bob })).text;
}

describe('version history API', () => {
  it('names versions, lists them, reads one in every format, compares with attribution, and refuses a reader what needs write', async () => {
    const name = 'team-notes';
    const ada = connectClient(server.wsUrl, name, { params: { token: tokens.ada } });
    const grace = connectClient(server.wsUrl, name, { params: { token: tokens.grace } });
    await Promise.all([ada.synced(), grace.synced()]);
    paragraphs(ada.doc).add('Monday notes');
    await waitFor(async () => (await storedText(name)).includes('Monday notes'), { message: "Ada's paragraph stored" });

    const monday = await call('POST', docPath(name, '/versions'), { auth: tokens.ada, body: { name: 'Monday' } });
    expect(monday.status).toBe(201);
    const mondayVersion = field<Version>(monday, 'version');
    expect(mondayVersion).toMatchObject({ kind: 'named', name: 'Monday', createdBy: 'ada', authors: ['ada'] });

    await waitFor(() => paragraphs(grace.doc).length === 1);
    paragraphs(grace.doc).type(0, ' and more');
    paragraphs(ada.doc).add('Tuesday');
    await waitFor(async () => /and more[\s\S]*Tuesday/.test(await storedText(name)), { message: 'both changes stored' });
    const tuesday = field<Version>(
      await call('POST', docPath(name, '/versions'), { auth: tokens.grace, body: { name: 'Tuesday' } }),
      'version',
    );
    expect(new Set(tuesday.authors)).toEqual(new Set(['grace', 'ada']));

    // A reader lists and reads, newest first, in pages.
    const list = await call('GET', docPath(name, '/versions'), { auth: tokens.bob });
    expect(list.status).toBe(200);
    expect(field<Version[]>(list, 'versions').map((version) => version.name)).toEqual(['Tuesday', 'Monday']);
    const page = await call('GET', docPath(name, '/versions?limit=1'), { auth: tokens.bob });
    expect(field<Version[]>(page, 'versions').map((version) => version.seq)).toEqual([tuesday.seq]);
    const next = await call('GET', docPath(name, `/versions?limit=1&before=${field<number>(page, 'nextBefore')}`), { auth: tokens.bob });
    expect(field<Version[]>(next, 'versions').map((version) => version.seq)).toEqual([mondayVersion.seq]);
    expect(field<number | null>(next, 'nextBefore')).toBeNull();

    const markdown = await call('GET', docPath(name, `/versions/${mondayVersion.seq}?format=markdown`), { auth: tokens.bob });
    expect(markdown.headers.get('content-type')).toMatch(/text\/markdown/);
    expect(markdown.text.trim()).toBe('Monday notes');
    const json = await call('GET', docPath(name, `/versions/${mondayVersion.seq}`), { auth: tokens.bob });
    expect(field<{ type: string }>(json, 'content')).toMatchObject({
      type: 'doc',
      content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Monday notes' }] }],
    });
    const html = await call('GET', docPath(name, `/versions/${tuesday.seq}`), { auth: tokens.bob, headers: { Accept: 'text/html' } });
    expect(html.text).toContain('<p>Monday notes and more</p><p>Tuesday</p>');
    const binary = await fetch(`${server.httpUrl}${docPath(name, `/versions/${mondayVersion.seq}?format=yjs`)}`, {
      headers: { Authorization: `Bearer ${tokens.bob}` },
    });
    const replica = new Y.Doc();
    Y.applyUpdate(replica, new Uint8Array(await binary.arrayBuffer()));
    expect(paragraphs(replica).texts()).toEqual(['Monday notes']);

    // Compare: each change with the user of the token that wrote it.
    for (const to of ['current', String(tuesday.seq)]) {
      const compared = await call('GET', docPath(name, `/versions/${mondayVersion.seq}/compare?to=${to}`), { auth: tokens.bob });
      expect(compared.status).toBe(200);
      expect(field<Change[]>(compared, 'changes')).toEqual([
        { type: 'added', author: 'grace', text: ' and more', block: 0, wholeBlock: false },
        { type: 'added', author: 'ada', text: 'Tuesday', block: 1, wholeBlock: true },
      ]);
      expect(field<string[]>(compared, 'authors')).toEqual(['grace', 'ada']);
    }
    // The same comparison as HTML (what the history panel shows): the changes marked, with their authors.
    const comparedHtml = await call('GET', docPath(name, `/versions/${mondayVersion.seq}/compare?format=html`), { auth: tokens.bob });
    expect(field<string>(comparedHtml, 'html')).toBe(
      '<p>Monday notes<ins class="tandem-ychange tandem-ychange--added" data-ychange="added" data-author="grace"> and more</ins></p>' +
        '<p class="tandem-ychange tandem-ychange--added" data-ychange="added" data-author="ada">' +
        '<ins class="tandem-ychange tandem-ychange--added" data-ychange="added" data-author="ada">Tuesday</ins></p>',
    );
    expect(field<Change[]>(comparedHtml, 'changes')).toHaveLength(2);

    // A reader may not name or restore; a writer restores, and every editor gets the version back.
    expect((await call('POST', docPath(name, '/versions'), { auth: tokens.bob, body: { name: 'x' } })).status).toBe(403);
    expect((await call('POST', docPath(name, `/versions/${mondayVersion.seq}/restore`), { auth: tokens.bob })).status).toBe(403);
    const restored = await call('POST', docPath(name, `/versions/${mondayVersion.seq}/restore`), { auth: tokens.ada });
    expect(restored.status).toBe(200);
    expect(restored.json).toMatchObject({ restored: mondayVersion.seq, changed: true, before: tuesday.seq, viaConnection: false });
    await waitFor(
      () => paragraphs(grace.doc).texts().join('|') === 'Monday notes' && paragraphs(ada.doc).texts().join('|') === 'Monday notes',
      {
        message: 'both editors show the restored version',
      },
    );
    // The restore is Ada's change: comparing the version before it with now says so.
    const undone = await call('GET', docPath(name, `/versions/${tuesday.seq}/compare`), { auth: tokens.bob });
    expect(field<Change[]>(undone, 'changes')).toEqual([
      { type: 'removed', author: 'ada', text: ' and more', block: 0, wholeBlock: false },
      { type: 'removed', author: 'ada', text: 'Tuesday', block: 1, wholeBlock: true },
    ]);
    // Restoring it again changes nothing.
    expect((await call('POST', docPath(name, `/versions/${mondayVersion.seq}/restore`), { auth: tokens.ada })).json).toMatchObject({
      changed: false,
      update: null,
    });
  });

  it('answers bad requests clearly', async () => {
    const name = 'team-errors';
    const writer = connectClient(server.wsUrl, name, { params: { token: tokens.ada } });
    await writer.synced();
    paragraphs(writer.doc).add('x');
    await waitFor(async () => (await storedText(name)).includes('x'));
    expect((await call('GET', docPath(name, '/versions/abc'), { auth: tokens.bob })).status).toBe(400);
    expect((await call('GET', docPath(name, '/versions/999'), { auth: tokens.bob })).status).toBe(404);
    expect((await call('GET', docPath('team-nothing', '/versions'), { auth: tokens.bob })).status).toBe(404);
    expect((await call('GET', docPath(name, '/versions?limit=0'), { auth: tokens.bob })).status).toBe(400);
    expect((await call('POST', docPath(name, '/versions'), { auth: tokens.ada, body: { name: '' } })).status).toBe(400);
    expect((await call('POST', docPath(name, '/versions'), { auth: tokens.ada, body: { name: 'a', extra: 1 } })).status).toBe(400);
    expect((await call('GET', docPath(name, '/versions'))).status).toBe(401);
    const made = field<Version>(await call('POST', docPath(name, '/versions'), { auth: tokens.ada, body: { name: 'first' } }), 'version');
    expect((await call('GET', docPath(name, `/versions/${made.seq}/compare?to=1.5`), { auth: tokens.bob })).status).toBe(400);
    expect((await call('GET', docPath(name, `/versions/${made.seq}/compare?to=999`), { auth: tokens.bob })).status).toBe(404);
    expect((await call('GET', docPath(name, `/versions/${made.seq}/compare?format=xml`), { auth: tokens.bob })).status).toBe(400);
    // Renaming a version keeps one version at that number.
    const renamed = await call('POST', docPath(name, '/versions'), { auth: tokens.ada, body: { name: 'renamed', seq: made.seq } });
    expect(field<Version>(renamed, 'version')).toMatchObject({ seq: made.seq, name: 'renamed' });
    expect(field<Version[]>(await call('GET', docPath(name, '/versions'), { auth: tokens.bob }), 'versions')).toHaveLength(1);
  });
});
