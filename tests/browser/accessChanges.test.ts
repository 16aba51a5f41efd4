import { describe, expect, it } from 'vitest';
import { apiClient, makeApiKey } from '../documents-api/apiClient.js';
import { chromiumPath } from './helpers/chromium.js';
import { EditorPage } from './helpers/editorPage.js';
import { useBrowserStack } from './helpers/stack.js';

const executablePath = chromiumPath();
const SECRET = 'browser-access-secret-that-is-long-enough-for-hs256';
const admin = makeApiKey('admin', ['admin']);
const ADA = { name: 'Ada Lovelace', color: '#e11d48' };
const GRACE = { name: 'Grace Hopper', color: '#059669' };

describe.skipIf(executablePath === null)('access changed while the document is open (Chromium)', () => {
  const stack = useBrowserStack(executablePath ?? '', import.meta.url, {
    env: { AUTH_SECRET: SECRET, API_KEYS: JSON.stringify([admin.entry]) },
  });

  it('an administrator makes one editor view-only and removes the other: each page says so at once', async () => {
    const ada = await stack.openUser(ADA);
    await ada.page.goto(stack.app.url);
    await ada.page.getByTestId('new-document').click();
    await ada.page.waitForURL(/\/d\/[a-z0-9-]+$/);
    const a = new EditorPage(ada.page, stack.app.url);
    await a.waitUntilSynced();
    await a.focusEnd();
    await ada.page.keyboard.type('Written by Ada.');
    await a.waitUntilSaved();
    const docId = decodeURIComponent(new URL(ada.page.url()).pathname.slice('/d/'.length));

    // Grace, a member of the workspace, opens it too.
    const grace = await stack.openUser(GRACE);
    const g = new EditorPage(grace.page, stack.app.url);
    await g.openDoc(docId);
    await g.waitUntilSynced();
    await g.waitForText('Written by Ada.');
    expect(await g.content.getAttribute('contenteditable')).toBe('true');

    // Tokens name the account (its id) as their subject.
    const call = apiClient(stack.server.httpUrl);
    let sentAt = Date.now();
    expect((await call('POST', '/api/revocations', { auth: admin.key, body: { sub: grace.userId, access: 'read' } })).status).toBe(201);
    const changed = grace.page.getByTestId('access-changed');
    await changed.waitFor({ timeout: 5000 });
    const downgradeShownMs = Date.now() - sentAt;
    expect(await changed.textContent()).toContain('Your access changed to view only.');
    expect(await g.content.getAttribute('contenteditable')).toBe('false');
    expect(await g.title.getAttribute('readonly')).not.toBeNull();
    await grace.page.getByTestId('view-only-badge').waitFor();
    // She still reads along.
    await a.focusEnd();
    await ada.page.keyboard.type(' And more.');
    await g.waitForText('Written by Ada. And more.');

    sentAt = Date.now();
    await call('POST', '/api/revocations', { auth: admin.key, body: { sub: ada.userId, access: 'none' } });
    const removed = ada.page.locator('[data-testid="editor-error"][data-problem="access-removed"]');
    await removed.waitFor({ timeout: 5000 });
    const removalShownMs = Date.now() - sentAt;
    expect(await removed.textContent()).toContain('Your access to this document was removed.');
    expect(await a.content.getAttribute('contenteditable')).toBe('false');
    // Shown within a second of the administrator's request (the page polls, so allow its own latency).
    expect(downgradeShownMs).toBeLessThan(1500);
    expect(removalShownMs).toBeLessThan(1500);
  });
});
