import type { Request } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { signToken } from '@tandem/sync-server/tokens';
import { waitFor } from '../src/helpers/waitFor.js';
import { chromiumPath } from './helpers/chromium.js';
import { EditorPage } from './helpers/editorPage.js';
import { shareLink } from './helpers/sharing.js';
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
async function expectKeystrokesGoNowhere(options: {
  writer: EditorPage;
  viewer: EditorPage;
  viewerName: string;
  added: string;
  expected: string;
}) {
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
    await ada.page.waitForURL(/\/d\/[a-z0-9-]+$/);
    const docId = decodeURIComponent(new URL(ada.page.url()).pathname.slice('/d/'.length));
    const a = new EditorPage(ada.page, stack.app.url);
    await a.waitUntilSynced();
    await a.focusEnd();
    await a.page.keyboard.type(text);
    await a.waitUntilSaved();
    return { ada, a, docId };
  }

  it('"can view" links open a live, read-only editor; "can edit" links edit; an edited link or no link gets nothing', async () => {
    const { a, docId } = await adaWrites('Hello from Ada.');
    const viewLink = await shareLink(stack.app.url, stack.account(ADA.name), docId, 'viewer');
    const editLink = await shareLink(stack.app.url, stack.account(ADA.name), docId, 'editor');
    expect(viewLink).toMatch(new RegExp(`^${stack.app.url}/share/[\\w-]{22}$`));

    // Grace opens the view link: the text, live, but no toolbar and no editing.
    // Grace is a guest of the workspace: she opens what is shared with her.
    const grace = await stack.openUser(GRACE, { role: 'guest' });
    const g = new EditorPage(grace.page, stack.app.url);
    await grace.page.goto(viewLink);
    await g.waitUntilSynced();
    await g.waitForText('Hello from Ada.');
    await grace.page.getByTestId('view-only-badge').waitFor();
    await g.waitForStatus('live');
    expect(await grace.page.locator('[data-testid^="toolbar-"]').count()).toBe(0);
    expect(await g.content.getAttribute('contenteditable')).toBe('false');
    expect(await g.title.getAttribute('readonly')).not.toBeNull();
    // The link opened is hers on the server (her account's rights); the address bar shows the plain document address.
    await grace.page.waitForURL(`${stack.app.url}/d/${docId}`);
    // A guest does not share it on.
    expect(await grace.page.getByTestId('share-open').count()).toBe(0);

    // She shows up in Ada's presence; Ada's typing reaches her live; her keystrokes go nowhere.
    await expectKeystrokesGoNowhere({
      writer: a,
      viewer: g,
      viewerName: GRACE.name,
      added: ' More from Ada.',
      expected: 'Hello from Ada. More from Ada.',
    });
    // In Ada's presence she is a viewer, not someone editing.
    expect(await a.presencePerson(GRACE.name).getAttribute('data-viewer')).toBe('true');
    expect(await a.presencePerson(GRACE.name).getAttribute('aria-label')).toBe('Grace Hopper · viewing');
    expect(await a.presencePerson(ADA.name).getAttribute('data-viewer')).toBeNull();
    // She can search the text (Ctrl+F), but not replace in it.
    await g.content.click();
    await grace.page.keyboard.press('Control+f');
    await grace.page.getByTestId('find-input').fill('ada');
    await expect.poll(() => grace.page.getByTestId('find-status').getAttribute('data-total')).toBe('2');
    expect(await grace.page.getByTestId('replace-input').count()).toBe(0);
    await grace.page.keyboard.press('Escape');

    // Her document list shows the document she was given.
    const list = await grace.context.newPage();
    await list.goto(stack.app.url);
    await list.locator(`[data-testid="doc-row"][data-doc="${docId}"]`).waitFor();

    // Eve changes the link's secret: it opens nothing, and says so.
    const eve = await stack.openUser(EVE, { role: 'guest' });
    const last = viewLink.at(-1) === 'A' ? 'B' : 'A';
    await eve.page.goto(`${viewLink.slice(0, -1)}${last}`);
    await eve.page.locator('[data-testid="no-access"][data-reason="not-found"]').waitFor();
    expect(await eve.page.getByTestId('collaborative-editor').count()).toBe(0);
    // Without any link: no access at all.
    await eve.page.goto(`${stack.app.url}/d/${docId}`);
    await eve.page.locator('[data-testid="no-access"][data-reason="none"]').waitFor();

    // The edit link makes Eve an editor.
    await eve.page.goto(editLink);
    const e = new EditorPage(eve.page, stack.app.url);
    await e.waitUntilSynced();
    await e.focusEnd();
    await eve.page.keyboard.type(' Eve was invited.');
    await a.waitForText('Eve was invited.');
  });

  it('a signed-out visit asks the sync server nothing; signed in, the list is live and always asked with a token; New document puts the caret in the title', async () => {
    // Her account exists (made through the sign-up endpoint); on this device she is signed out.
    const { email, password } = await stack.openUser({ name: 'Newcomer', color: '#0e7490' });
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
    await newcomer.page.waitForURL(/\/sign-in/);
    // A wrong password is refused, and said so.
    await newcomer.page.getByTestId('sign-in-email').fill(email);
    await newcomer.page.getByTestId('sign-in-password').fill('not her password');
    await newcomer.page.getByTestId('sign-in-submit').click();
    await newcomer.page.getByTestId('sign-in-error').waitFor();
    await Promise.all(recording);
    expect(api).toEqual([]);

    // Signed in: the list is fetched and streamed live, always with a token.
    await newcomer.page.getByTestId('sign-in-password').fill(password);
    await newcomer.page.getByTestId('sign-in-submit').click();
    await newcomer.page.waitForURL(`${stack.app.url}/`);
    await waitFor(
      async () => {
        await Promise.all(recording);
        return api.some((r) => r.path === '/api/events');
      },
      { timeout: 10_000, message: 'the live stream to be requested' },
    );
    await newcomer.page.locator('[data-testid="live-indicator"][data-live]').waitFor();
    await newcomer.page.locator('[data-testid="doc-list"][data-status="ready"]').waitFor();
    expect(await newcomer.page.getByTestId('server-offline').count()).toBe(0);
    await Promise.all(recording);
    expect(api.filter((r) => r.path === '/api/docs').length).toBeGreaterThan(0);
    expect(api.filter((r) => !r.token)).toEqual([]);

    // New document: the caret is in the title at once; Enter moves on to the text.
    await newcomer.page.getByTestId('new-document').click();
    await newcomer.page.waitForURL(/\/d\/[a-z0-9-]+$/);
    await newcomer.page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'doc-title', null, {
      timeout: 10_000,
    });
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

  it("turns read-only from the sync server's notice alone, when the app believed it could edit", async () => {
    const { a, docId } = await adaWrites('Only Ada writes here.');
    const editLink = await shareLink(stack.app.url, stack.account(ADA.name), docId, 'editor');

    // Grace holds a real edit link, but the token that reaches the sync server grants only reading
    // (as when a grant was narrowed after the page was opened): the app renders an editor with a
    // toolbar, and only the server's read-only notice can tell the component otherwise.
    const grace = await stack.openUser(GRACE, { role: 'guest' });
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
    await expectKeystrokesGoNowhere({
      writer: a,
      viewer: g,
      viewerName: GRACE.name,
      added: ' Still only Ada.',
      expected: 'Only Ada writes here. Still only Ada.',
    });
  });
  it('a viewer cannot tick a task, by mouse or keyboard; the writer can, and the viewer sees it live', async () => {
    const { ada, a, docId } = await adaWrites('Tasks:');
    await a.page.keyboard.press('Enter');
    await a.page.getByTestId('toolbar-task-list').click();
    await a.page.keyboard.type('Only writers tick this');
    await a.waitUntilSaved();
    const viewLink = await shareLink(stack.app.url, stack.account(ADA.name), docId, 'viewer');

    const grace = await stack.openUser(GRACE, { role: 'guest' });
    const g = new EditorPage(grace.page, stack.app.url);
    await grace.page.goto(viewLink);
    await g.waitUntilSynced();
    await g.waitForStatus('live');
    const task = (page: typeof grace.page) => page.locator('[data-testid="editor-content"] ul[data-type="taskList"] > li');
    const checkbox = task(grace.page).locator('input[type="checkbox"]');
    await checkbox.waitFor();
    await a.presencePerson(GRACE.name).waitFor();

    // Her click and Ctrl+Enter leave the task unticked, on her screen and on Ada's.
    await checkbox.click();
    await g.content.click();
    await grace.page.keyboard.press('Control+Enter');
    // Ada's own change afterwards reaches Grace, so anything Grace had sent would have too.
    await a.focusEnd();
    await a.page.keyboard.type(' now');
    await g.waitForText('Only writers tick this now');
    expect(await checkbox.isChecked()).toBe(false);
    expect(await task(grace.page).getAttribute('data-checked')).toBe('false');
    expect(await task(ada.page).getAttribute('data-checked')).toBe('false');

    // Ada ticks it: Grace sees it ticked.
    await task(ada.page).locator('input[type="checkbox"]').click();
    await task(grace.page).and(grace.page.locator('[data-checked="true"]')).waitFor();
    expect(await checkbox.isChecked()).toBe(true);
  });
});
