import type { Request } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { signToken } from '@tandem/sync-server/tokens';
import { waitFor } from '../src/helpers/waitFor.js';
import { chromiumPath } from './helpers/chromium.js';
import { EditorPage } from './helpers/editorPage.js';
import { useBrowserStack } from './helpers/stack.js';

const executablePath = chromiumPath();
const SECRET = 'browser-suite-secret-that-is-long-enough-for-hs256';
const ADA = { name: 'Ada Lovelace', color: '#e11d48' };
const GRACE = { name: 'Grace Hopper', color: '#059669' };
const EVE = { name: 'Eve', color: '#7c3aed' };

/**
 * A viewer present in the writer's presence list types "VANDAL" into her editor; the writer then adds
 * `added`. Both end with `expected` and neither has the viewer's keystrokes.
 */
async function expectKeystrokesGoNowhere(options: { writer: EditorPage; viewer: EditorPage; viewerName: string; added: string; expected: string }) {
  const { writer, viewer } = options;
  await writer.presencePerson(options.viewerName).waitFor();
  await viewer.content.click();
  await viewer.page.keyboard.type('VANDAL');
  await writer.focusEnd();
  await writer.page.keyboard.type(options.added);
  await viewer.waitForText(options.expected);
  expect(await viewer.text()).not.toContain('VANDAL');
  expect(await writer.text()).not.toContain('VANDAL');
}

describe.skipIf(executablePath === null)('auth in the editor app: share links, view only, rejected tokens (Chromium)', () => {
  // The app and the sync server share a secret: the app signs tokens, the server requires them.
  const stack = useBrowserStack(executablePath ?? '', import.meta.url, { env: { AUTH_SECRET: SECRET } });

  /** Ada creates a document with the New document button and writes in it. */
  async function adaWrites(text: string) {
    const ada = await stack.openUser(ADA);
    await ada.page.goto(stack.app.url);
    await ada.page.getByTestId('new-document').click();
    await ada.page.waitForURL(/\/d\/[a-z0-9]+$/);
    const docId = decodeURIComponent(new URL(ada.page.url()).pathname.slice('/d/'.length));
    const a = new EditorPage(ada.page, stack.app.url);
    await a.waitUntilSynced();
    await a.focusEnd();
    await a.page.keyboard.type(text);
    await a.waitUntilSaved();
    return { ada, a, docId };
  }

  it('"can view" links open a live, read-only editor; "can edit" links edit; an edited link or no link gets nothing', async () => {
    const { ada, a, docId } = await adaWrites('Hello from Ada.');
    const viewLink = await ada.page.getByTestId('share-view').getAttribute('data-link');
    const editLink = await ada.page.getByTestId('share-edit').getAttribute('data-link');
    expect(viewLink).toMatch(new RegExp(`/d/${docId}\\?access=view&sig=[\\w-]{22}$`));
    expect(editLink).toMatch(/\?access=edit&sig=/);

    // Grace opens the view link: the text, live, but no toolbar and no editing.
    const grace = await stack.openUser(GRACE);
    const g = new EditorPage(grace.page, stack.app.url);
    await grace.page.goto(viewLink as string);
    await g.waitUntilSynced();
    await g.waitForText('Hello from Ada.');
    await grace.page.getByTestId('view-only-badge').waitFor();
    await g.waitForStatus('live');
    expect(await grace.page.locator('[data-testid^="toolbar-"]').count()).toBe(0);
    expect(await g.content.getAttribute('contenteditable')).toBe('false');
    expect(await g.title.getAttribute('readonly')).not.toBeNull();
    // The link's grant is kept in her browser; the address bar shows the plain document address.
    await grace.page.waitForURL(`${stack.app.url}/d/${docId}`);
    expect(await grace.page.getByTestId('share-edit').count()).toBe(0);
    await grace.page.getByTestId('share-view').waitFor();

    // She shows up in Ada's presence; Ada's typing reaches her live; her keystrokes go nowhere.
    await expectKeystrokesGoNowhere({ writer: a, viewer: g, viewerName: GRACE.name, added: ' More from Ada.', expected: 'Hello from Ada. More from Ada.' });

    // Her document list shows the document she was given.
    const list = await grace.context.newPage();
    await list.goto(stack.app.url);
    await list.locator(`[data-testid="doc-row"][data-doc="${docId}"]`).waitFor();

    // Eve edits the view link into an edit link: refused, and shown.
    const eve = await stack.openUser(EVE);
    await eve.page.goto((viewLink as string).replace('access=view', 'access=edit'));
    const error = eve.page.locator('[data-testid="editor-error"][data-problem="access-denied"]');
    await error.waitFor();
    expect(await error.textContent()).toMatch(/share link is not valid/);
    expect(await eve.page.getByTestId('collaborative-editor').getAttribute('data-status')).not.toBe('connected');
    // Without any link: no access at all.
    await eve.page.goto(`${stack.app.url}/d/${docId}`);
    await eve.page.getByTestId('no-access').waitFor();

    // The edit link makes Eve an editor.
    await eve.page.goto(editLink as string);
    const e = new EditorPage(eve.page, stack.app.url);
    await e.waitUntilSynced();
    await e.focusEnd();
    await eve.page.keyboard.type(' Eve was invited.');
    await a.waitForText('Eve was invited.');
  });

  it('a first visit asks the sync server nothing without a token, shows an empty live list, and New document puts the caret in the title', async () => {
    const newcomer = await stack.openUser(null);
    // Every request to the sync server's API, with whether it carried a token (header or query).
    const api: { path: string; token: boolean }[] = [];
    const recording: Promise<void>[] = [];
    newcomer.page.on('request', (request: Request) => {
      const url = new URL(request.url());
      if (!request.url().startsWith(stack.server.httpUrl) || !/^\/api\/(docs|events)/.test(url.pathname)) return;
      recording.push(
        request.allHeaders().then((headers) => {
          api.push({ path: url.pathname, token: /^Bearer \S+/.test(headers.authorization ?? '') || url.searchParams.has('token') });
        }),
      );
    });
    await newcomer.page.goto(stack.app.url);
    await newcomer.page.getByTestId('identity-dialog').waitFor();
    await newcomer.page.getByTestId('doc-list-empty').waitFor();
    await newcomer.page.locator('[data-testid="live-indicator"][data-live]').waitFor();
    expect(await newcomer.page.getByTestId('server-offline').count()).toBe(0);
    expect(await newcomer.page.getByText("Can't reach").count()).toBe(0);

    // Signed in by name: the list is fetched and streamed live, always with a token.
    await newcomer.page.getByTestId('identity-name').fill('Newcomer');
    await newcomer.page.getByTestId('identity-save').click();
    await waitFor(
      async () => {
        await Promise.all(recording);
        return api.some((r) => r.path === '/api/events');
      },
      { timeout: 10_000, message: 'the live stream to be requested' },
    );
    await newcomer.page.locator('[data-testid="live-indicator"][data-live]').waitFor();
    await newcomer.page.getByTestId('doc-list-empty').waitFor();
    await Promise.all(recording);
    expect(api.filter((r) => r.path === '/api/docs').length).toBeGreaterThan(0);
    expect(api.filter((r) => !r.token)).toEqual([]);

    // New document: the caret is in the title at once; Enter moves on to the text.
    await newcomer.page.getByTestId('new-document').click();
    await newcomer.page.waitForURL(/\/d\/[a-z0-9]+$/);
    await newcomer.page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'doc-title', null, { timeout: 10_000 });
    await newcomer.page.keyboard.type('Meeting notes');
    await newcomer.page.keyboard.press('Enter');
    await newcomer.page.keyboard.type('First point.');
    const n = new EditorPage(newcomer.page, stack.app.url);
    expect(await n.title.inputValue()).toBe('Meeting notes');
    await n.waitForText('First point.');
    expect(await n.text()).not.toContain('Meeting');

    // Opening an existing document leaves the focus alone.
    await newcomer.page.reload();
    await n.waitUntilSynced();
    expect(await newcomer.page.evaluate(() => document.activeElement?.tagName)).toBe('BODY');
  });

  it('a token the sync server rejects is shown as a sign-in problem, and not retried forever', async () => {
    const { ada, a } = await adaWrites('Before the rotation.');
    const attempts: string[] = [];
    ada.page.on('websocket', (socket) => attempts.push(socket.url()));
    try {
      // The sync server now trusts another secret (rotated without telling the app).
      await stack.stopServer();
      await stack.restartServer({ AUTH_SECRET: 'a-rotated-secret-that-the-app-does-not-know-yet' });
      const error = ada.page.locator('[data-testid="editor-error"][data-problem="sign-in-expired"]');
      await error.waitFor({ timeout: 20_000 });
      expect(await error.textContent()).toMatch(/did not accept your sign-in/);
      // Given up: no new connection attempt for longer than the provider's longest backoff (2.5 s).
      const seen = attempts.length;
      await ada.page.waitForTimeout(3500);
      expect(attempts.length).toBe(seen);
      expect(await a.text()).toContain('Before the rotation.');
    } finally {
      await stack.stopServer();
      await stack.restartServer();
    }
  });

  it('turns read-only from the sync server\'s notice alone, when the app believed it could edit', async () => {
    const { ada, a, docId } = await adaWrites('Only Ada writes here.');
    const editLink = (await ada.page.getByTestId('share-edit').getAttribute('data-link')) as string;

    // Grace holds a real edit link, but the token that reaches the sync server grants only reading
    // (as when a grant was narrowed after the page was opened): the app renders an editor with a
    // toolbar, and only the server's read-only notice can tell the component otherwise.
    const grace = await stack.openUser(GRACE);
    const readOnlyToken = await signToken({ secret: SECRET, sub: 'grace', name: GRACE.name, docs: { [docId]: 'read' }, expiresIn: 600 });
    await grace.context.route('**/api/token', async (route) => {
      const response = await route.fetch();
      const body = (await response.json()) as Record<string, unknown>;
      await route.fulfill({ response, json: { ...body, token: readOnlyToken } });
    });
    const g = new EditorPage(grace.page, stack.app.url);
    await grace.page.goto(editLink);
    await g.waitUntilSynced();
    await g.waitForText('Only Ada writes here.');
    await grace.page.getByTestId('view-only-badge').waitFor();
    expect(await grace.page.locator('[data-testid^="toolbar-"]').count()).toBe(0);
    await expect.poll(() => g.content.getAttribute('contenteditable')).toBe('false');

    // Her keystrokes change nothing, here or for Ada; she still shows up in Ada's presence.
    await expectKeystrokesGoNowhere({ writer: a, viewer: g, viewerName: GRACE.name, added: ' Still only Ada.', expected: 'Only Ada writes here. Still only Ada.' });
  });
});
