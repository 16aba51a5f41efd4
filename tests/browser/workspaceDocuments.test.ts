import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { apiClient, docPath, makeApiKey } from '../documents-api/apiClient.js';
import { chromiumPath } from './helpers/chromium.js';
import { EditorPage } from './helpers/editorPage.js';
import { appCall, createDocumentAs, syncToken } from './helpers/sharing.js';
import { useBrowserStack } from './helpers/stack.js';

const executablePath = chromiumPath();
const SECRET = 'browser-workspace-documents-secret-long-enough';
// The app's admin key on the sync server: access taken away reaches open editors at once.
const admin = makeApiKey('tandem-app', ['admin']);
const ADA = { name: 'Ada Lovelace', color: '#e11d48' };
const GRACE = { name: 'Grace Hopper', color: '#059669' };

const row = (page: Page, docId: string) => page.locator(`[data-testid="doc-row"][data-doc="${docId}"]`);
const item = (page: Page, docId: string) => page.locator(`li[data-doc="${docId}"]`);
/** The document names the home page lists now, in order. */
const listed = (page: Page) => page.getByTestId('doc-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-doc')));

/**
 * Documents belong to the workspace (issue 20, item 3): the home page lists, from the app's records
 * and the sync server's, every document the person can open on any device, finds by title, filters,
 * sorts, copies; the trash is the sync server's own soft delete (restore, purge).
 */
describe.skipIf(executablePath === null)('the workspace’s documents on the home page (Chromium)', () => {
  const stack = useBrowserStack(executablePath ?? '', import.meta.url, {
    env: { AUTH_SECRET: SECRET, API_KEYS: JSON.stringify([admin.entry]), SYNC_ADMIN_KEY: admin.key },
  });

  it('a second device lists the same documents, live; search, filters, sort and copy; trash, restore and purge through the sync server', {
    timeout: 120_000,
  }, async () => {
    // Ada makes a document with the button and keeps it open; two more, and one of Grace's, through the API.
    const ada = await stack.openUser(ADA);
    await ada.page.goto(stack.app.url);
    await ada.page.getByTestId('new-document').click();
    await ada.page.waitForURL(/\/d\/[a-z0-9]{6}-[a-z0-9]{12}$/);
    const roadmap = decodeURIComponent(new URL(ada.page.url()).pathname.slice('/d/'.length));
    const a = new EditorPage(ada.page, stack.app.url);
    await a.waitUntilSynced();
    await ada.page.keyboard.type('Roadmap');
    await ada.page.keyboard.press('Enter');
    await ada.page.keyboard.type('Ship it.');
    await a.waitUntilSaved();
    const adaAccount = stack.account(ADA.name);
    const budget = await createDocumentAs(stack.app.url, stack.server.httpUrl, adaAccount, { title: 'Budget 2027', markdown: 'Numbers.' });
    const trip = await createDocumentAs(stack.app.url, stack.server.httpUrl, adaAccount, { title: 'Road trip', markdown: 'Pack the car.' });
    await stack.openUser(GRACE);
    const graceAccount = stack.account(GRACE.name);
    const notes = await createDocumentAs(stack.app.url, stack.server.httpUrl, graceAccount, { title: 'Grace’s notes', markdown: 'Hello.' });

    // Her laptop: another browser context signed in as her. Everything is there, with who is editing now.
    const laptop = await stack.openUserAgain(ADA.name);
    const home = laptop.page;
    await home.goto(stack.app.url);
    for (const docId of [roadmap, budget, trip, notes]) await row(home, docId).waitFor();
    await row(home, roadmap).getByTestId('doc-row-title').filter({ hasText: 'Roadmap' }).waitFor();
    await row(home, roadmap).locator('[data-testid="doc-row-activity"][data-editors="1"]').waitFor();
    expect(await row(home, notes).getByTestId('doc-row-meta').textContent()).toContain('Created by Grace Hopper');
    expect(await row(home, trip).getByTestId('doc-row-meta').textContent()).toContain('Created by you');

    // Search by title: any part, any case.
    await home.getByTestId('doc-search').fill('ROAD');
    await expect.poll(() => listed(home)).toEqual([trip, roadmap]);
    await home.getByTestId('doc-search').fill('');
    // Mine; shared with me (empty until Grace shares hers, by Ada's email).
    await home.getByTestId('filter-mine').check();
    await expect.poll(async () => (await listed(home)).sort()).toEqual([roadmap, budget, trip].sort());
    await home.getByTestId('filter-shared').check();
    await home.getByTestId('doc-list-empty').waitFor();
    expect(
      (await appCall(stack.app.url, graceAccount, 'POST', `/api/documents/${notes}/shares`, { person: adaAccount.email, role: 'editor' }))
        .status,
    ).toBe(201);
    await home.reload();
    await home.getByTestId('filter-shared').check();
    await expect.poll(() => listed(home)).toEqual([notes]);
    expect(await row(home, notes).getByTestId('doc-row-meta').textContent()).toContain('Shared by Grace Hopper');
    // Sorted by title; by last edit, where Ada's typing on her other device moves the Roadmap up, live.
    await home.getByTestId('filter-all').check();
    await home.getByTestId('doc-sort').selectOption('title');
    await expect.poll(() => listed(home)).toEqual([budget, notes, trip, roadmap]);
    await home.getByTestId('doc-sort').selectOption('edited');
    await expect.poll(async () => (await listed(home))[0]).toBe(notes);
    await a.focusEnd();
    await ada.page.keyboard.type(' Soon.');
    await a.waitUntilSaved();
    await expect.poll(async () => (await listed(home))[0], { timeout: 10_000 }).toBe(roadmap);

    // A copy: the content as it is, under "Copy of …", created by her.
    await item(home, budget).getByTestId('doc-duplicate').click();
    await home.getByTestId('home-notice').filter({ hasText: 'Made “Copy of Budget 2027”' }).waitFor();
    await home.getByTestId('home-notice-open').click();
    await home.waitForURL(/\/d\//);
    const copy = new EditorPage(home, stack.app.url);
    await copy.waitForText('Numbers.');
    expect(await copy.title.inputValue()).toBe('Copy of Budget 2027');
    const copyId = decodeURIComponent(new URL(home.url()).pathname.slice('/d/'.length));
    expect(copyId).not.toBe(budget);

    // Grace may not move Ada's document to the trash (the server says so, whatever the page shows); nor may another site.
    expect((await appCall(stack.app.url, graceAccount, 'POST', `/api/documents/${trip}/trash`)).status).toBe(403);
    expect(
      (await appCall(stack.app.url, adaAccount, 'POST', `/api/documents/${trip}/trash`, undefined, { Origin: 'https://evil.example' }))
        .status,
    ).toBe(403);
    await home.goto(stack.app.url);
    expect(await item(home, notes).getByTestId('doc-trash').count()).toBe(0);

    // The trash: gone from the list and from the sync server, in the trash, undone; its page says where it is.
    await item(home, trip).getByTestId('doc-trash').click();
    await home.getByTestId('home-notice').filter({ hasText: 'Moved “Road trip” to the trash' }).waitFor();
    await row(home, trip).waitFor({ state: 'detached' });
    const call = apiClient(stack.server.httpUrl);
    const ownerToken = (await syncToken(stack.app.url, stack.owner)).token;
    expect((await call('GET', docPath(trip), { auth: ownerToken })).status).toBe(404);
    const serverTrash = async () =>
      ((await call('GET', '/api/trash', { auth: ownerToken })).json?.docs as { name: string; deletedBy: string }[]) ?? [];
    expect((await serverTrash()).find((doc) => doc.name === trip)?.deletedBy).toBe(adaAccount.userId);
    await home.goto(`${stack.app.url}/d/${trip}`);
    await home.getByTestId('in-trash').filter({ hasText: '“Road trip” is in the trash' }).waitFor();
    await home.goto(stack.app.url);
    await home.getByTestId('filter-trash').check();
    const trashed = home.locator(`[data-testid="trash-row"][data-doc="${trip}"]`);
    await trashed.getByTestId('trash-row-title').filter({ hasText: 'Road trip' }).waitFor();
    await trashed.getByTestId('trash-restore').click();
    await home.getByTestId('home-notice').filter({ hasText: 'Restored “Road trip”.' }).waitFor();
    await home.getByTestId('filter-all').check();
    await row(home, trip).click();
    await new EditorPage(home, stack.app.url).waitForText('Pack the car.');

    // Into the trash again, then deleted for good: nothing left to restore, here or on the sync server.
    await home.goto(stack.app.url);
    await item(home, trip).getByTestId('doc-trash').click();
    await row(home, trip).waitFor({ state: 'detached' });
    await home.getByTestId('filter-trash').check();
    await trashed.getByTestId('trash-purge').click();
    await trashed.getByTestId('trash-purge-confirm').click();
    await home.getByTestId('home-notice').filter({ hasText: 'Deleted “Road trip” for good.' }).waitFor();
    await home.getByTestId('trash-empty').waitFor();
    expect((await serverTrash()).some((doc) => doc.name === trip)).toBe(false);
    expect((await call('POST', docPath(trip, '/restore'), { auth: ownerToken })).status).toBe(404);
    // The first device still has the Roadmap open, untouched by all this.
    expect(await a.text()).toContain('Ship it. Soon.');
  });
});
