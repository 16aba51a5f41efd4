import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { makeApiKey } from '../documents-api/apiClient.js';
import { signInContext } from './helpers/accounts.js';
import { chromiumPath } from './helpers/chromium.js';
import { EditorPage } from './helpers/editorPage.js';
import { appCall, createDocumentAs, shareWith } from './helpers/sharing.js';
import { useBrowserStack } from './helpers/stack.js';

const executablePath = chromiumPath();
const SECRET = 'browser-live-workspace-changes-secret-long-enough';
// The app's admin key on the sync server: access taken away reaches open editors at once.
const admin = makeApiKey('tandem-app', ['admin']);
const ADA = { name: 'Ada Lovelace', color: '#e11d48' };
const GRACE = { name: 'Grace Hopper', color: '#059669' };
const CAROL = { name: 'Carol Shaw', color: '#2563eb' };

const row = (page: Page, docId: string) => page.locator(`[data-testid="doc-row"][data-doc="${docId}"]`);
const listed = (page: Page) => page.getByTestId('doc-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-doc')));
const docIdOf = (page: Page) => decodeURIComponent(new URL(page.url()).pathname.slice('/d/'.length));

/**
 * Changes made by someone else reach the pages a person has open, without a reload: a member made
 * a guest loses the documents not shared with them as a removed member does (their open list
 * too), and a document moved to the trash leaves open home pages and closes where it is open,
 * saying so.
 */
describe.skipIf(executablePath === null)('workspace changes reach open pages (Chromium)', () => {
  const stack = useBrowserStack(executablePath ?? '', import.meta.url, {
    env: { AUTH_SECRET: SECRET, API_KEYS: JSON.stringify([admin.entry]), SYNC_ADMIN_KEY: admin.key },
  });

  it('a member made a guest: the open document not shared with them says access was removed; one shared with them stays; their open list keeps only what is shared', {
    timeout: 120_000,
  }, async () => {
    await stack.openUser(ADA);
    const adaAccount = stack.account(ADA.name);
    const plan = await createDocumentAs(stack.app.url, stack.server.httpUrl, adaAccount, { title: 'Plan', markdown: 'Members only.' });
    const notes = await createDocumentAs(stack.app.url, stack.server.httpUrl, adaAccount, { title: 'Notes', markdown: 'For Grace too.' });

    // Grace, a member, has the Plan open; the Notes are shared with her as an editor, open in another tab.
    const grace = await stack.openUser(GRACE);
    await shareWith(stack.app.url, adaAccount, notes, grace.email, 'editor');
    const g = new EditorPage(grace.page, stack.app.url);
    await g.openDoc(plan);
    await g.waitUntilSynced();
    await g.waitForText('Members only.');
    expect(await g.content.getAttribute('contenteditable')).toBe('true');
    const notesTab = new EditorPage(await grace.context.newPage(), stack.app.url);
    await notesTab.openDoc(notes);
    await notesTab.waitUntilSynced();
    await notesTab.waitForText('For Grace too.');
    // And her home page, in a third tab.
    const home = await grace.context.newPage();
    await home.goto(stack.app.url);
    await row(home, plan).waitFor();
    await row(home, notes).waitFor();

    // The owner makes her a guest on the members page.
    const owner = await stack.openUser(null);
    await signInContext(owner.context, stack.app.url, stack.owner);
    await owner.page.goto(`${stack.app.url}/workspace`);
    const graceRow = owner.page.locator(`[data-testid="member-row"][data-email="${grace.email}"]`);
    await graceRow.getByTestId('member-role').selectOption('guest');
    await owner.page.locator(`[data-testid="member-row"][data-email="${grace.email}"][data-role="guest"]`).waitFor();

    // As for a removed member: the Plan's page says so and stops editing.
    const removed = grace.page.locator('[data-testid="editor-error"][data-problem="access-removed"]');
    await removed.waitFor({ timeout: 5000 });
    expect(await removed.textContent()).toContain('Your access to this document was removed.');
    expect(await g.content.getAttribute('contenteditable')).toBe('false');
    // Her open home page drops the Plan without a reload (the sync server's stream says her access changed).
    await expect.poll(() => listed(home), { timeout: 5000 }).toEqual([notes]);
    // The Notes, still shared with her, stay open and editable: what she types reaches Ada.
    await notesTab.focusEnd();
    await notesTab.page.keyboard.type(' Still here.');
    await notesTab.waitUntilSaved();
    expect(await notesTab.page.locator('[data-testid="editor-error"]').count()).toBe(0);
    const ada = await stack.openUserAgain(ADA.name);
    const a = new EditorPage(ada.page, stack.app.url);
    await a.openDoc(notes);
    await a.waitForText('For Grace too. Still here.');

    // Her home page lists only what is shared with her now, and the Plan's address says she has no access.
    await grace.page.goto(stack.app.url);
    // (Until the lists load, the documents opened on this device stand in for them: the Plan goes then.)
    await expect.poll(() => listed(grace.page)).toEqual([notes]);
    await grace.page.goto(`${stack.app.url}/d/${plan}`);
    await grace.page.getByTestId('no-access').waitFor();
  });

  it('a document moved to the trash leaves another person’s open list and closes their open page, without a reload', {
    timeout: 120_000,
  }, async () => {
    const ada = await stack.openUser(ADA);
    const adaAccount = stack.account(ADA.name);
    const doomed = await createDocumentAs(stack.app.url, stack.server.httpUrl, adaAccount, { title: 'Doomed', markdown: 'Soon gone.' });
    const kept = await createDocumentAs(stack.app.url, stack.server.httpUrl, adaAccount, { title: 'Kept', markdown: 'Stays.' });

    // Carol (a member) has the home page open on one device and the document open on another.
    const carol = await stack.openUser(CAROL);
    const home = carol.page;
    await home.goto(stack.app.url);
    await row(home, doomed).waitFor();
    await row(home, kept).waitFor();
    const laptop = await stack.openUserAgain(CAROL.name);
    const open = new EditorPage(laptop.page, stack.app.url);
    await open.openDoc(doomed);
    await open.waitUntilSynced();
    await open.waitForText('Soon gone.');

    // Ada moves it to the trash from her home page.
    await ada.page.goto(stack.app.url);
    await ada.page.locator(`li[data-doc="${doomed}"]`).getByTestId('doc-trash').click();
    await ada.page.getByTestId('home-notice').filter({ hasText: 'Moved “Doomed” to the trash' }).waitFor();

    // Carol's list drops it, her open page says where it went: neither reloaded.
    await row(home, doomed).waitFor({ state: 'detached', timeout: 5000 });
    await laptop.page.getByTestId('deleted-while-open').waitFor({ timeout: 5000 });
    expect(await laptop.page.getByTestId('in-trash').textContent()).toContain('“Doomed” is in the trash');
    expect(docIdOf(laptop.page)).toBe(doomed);
    expect(await listed(home)).toContain(kept);

    // Restored by Ada: Carol's list has it again at its next refresh (here: coming back to the tab, as a reload).
    expect((await appCall(stack.app.url, adaAccount, 'POST', `/api/documents/${doomed}/restore`)).status).toBe(200);
    await home.reload();
    await row(home, doomed).waitFor();
  });
});
