import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { XmlElement, XmlText } from 'yjs';
import { apiClient, docPath, makeApiKey } from '../documents-api/apiClient.js';
import { connectClient } from '../src/helpers/connectClient.js';
import { waitFor } from '../src/helpers/waitFor.js';
import { signInContext } from './helpers/accounts.js';
import { chromiumPath } from './helpers/chromium.js';
import { EditorPage } from './helpers/editorPage.js';
import { appCall, createDocumentAs, shareLink, syncToken } from './helpers/sharing.js';
import { useBrowserStack } from './helpers/stack.js';

const executablePath = chromiumPath();
const SECRET = 'browser-document-sharing-secret-long-enough';
// The app's admin key on the sync server: access taken away reaches open editors at once.
const admin = makeApiKey('tandem-app', ['admin']);
const ADA = { name: 'Ada Lovelace', color: '#e11d48' };
const BOB = { name: 'Bob Guest', color: '#2563eb' };
const CAROL = { name: 'Carol Guest', color: '#d97706' };
const DAVE = { name: 'Dave Guest', color: '#7c3aed' };
const EVE = { name: 'Eve Guest', color: '#0e7490' };

const row = (page: Page, docId: string) => page.locator(`[data-testid="doc-row"][data-doc="${docId}"]`);
/** The document names the home page lists now, in order. */
const listed = (page: Page) => page.getByTestId('doc-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-doc')));

/**
 * Sharing a document (issue 20): with a person of the workspace from the share dialog, or by a link;
 * the guest's list shows what is shared and by whom, the server enforces the role, and taking access
 * away reaches open editors. The home page's own list, search and trash are in workspaceDocuments.test.ts.
 */
describe.skipIf(executablePath === null)('sharing documents with people and by link (Chromium)', () => {
  const stack = useBrowserStack(executablePath ?? '', import.meta.url, {
    env: { AUTH_SECRET: SECRET, API_KEYS: JSON.stringify([admin.entry]), SYNC_ADMIN_KEY: admin.key },
  });

  it('shares with people and by link: a guest sees only what is shared, a viewer’s forged write gets nothing, a removal reaches open editors; a link says who shared what, and stops when revoked, expired or turned off', {
    timeout: 150_000,
  }, async () => {
    const url = stack.app.url;
    const ada = await stack.openUser(ADA);
    const adaAccount = stack.account(ADA.name);
    const plan = await createDocumentAs(url, stack.server.httpUrl, adaAccount, { title: 'Launch plan', markdown: 'Launch on Monday.' });
    const payroll = await createDocumentAs(url, stack.server.httpUrl, adaAccount, { title: 'Payroll', markdown: 'Private.' });
    const bob = await stack.openUser(BOB, { role: 'guest' });
    const bobAccount = stack.account(BOB.name);

    // Ada shares it with Bob, a guest, from the dialog: opened with the keyboard, on the name field, sent with Enter.
    const a = new EditorPage(ada.page, url);
    await a.openDoc(plan);
    await a.waitUntilSynced();
    await ada.page.getByTestId('share-open').focus();
    await ada.page.keyboard.press('Enter');
    const dialog = ada.page.getByTestId('share-dialog');
    await dialog.getByRole('heading', { name: 'Share “Launch plan”' }).waitFor();
    await expect.poll(() => ada.page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('share-person');
    await ada.page.keyboard.type(bobAccount.email);
    await dialog.getByTestId('share-role').selectOption('viewer');
    await dialog.getByTestId('share-person').press('Enter');
    const bobRow = dialog.locator(`[data-testid="share-person-row"][data-email="${bobAccount.email}"]`);
    await bobRow.and(ada.page.locator('[data-role="viewer"]')).waitFor();
    expect(await dialog.getByTestId('share-message').textContent()).toBe('Shared with Bob Guest as viewer.');
    // Someone who is not in the workspace is not found: said so.
    await dialog.getByTestId('share-person').fill('nobody@example.test');
    await dialog.getByTestId('share-submit').click();
    await dialog.locator('[data-testid="share-message"][data-kind="error"]').filter({ hasText: 'Invite them first' }).waitFor();
    await ada.page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });

    // Bob's list: that document only, view only; it opens read-only; the workspace's others do not open.
    await bob.page.goto(url);
    await expect.poll(() => listed(bob.page)).toEqual([plan]);
    expect(await row(bob.page, plan).getByTestId('doc-row-meta').textContent()).toMatch(/Shared by Ada Lovelace · View only$/);
    await row(bob.page, plan).click();
    const b = new EditorPage(bob.page, url);
    await b.waitForText('Launch on Monday.');
    await bob.page.getByTestId('view-only-badge').waitFor();
    expect(await bob.page.getByTestId('share-open').count()).toBe(0);
    const bobOnPayroll = await bob.context.newPage();
    await bobOnPayroll.goto(`${url}/d/${payroll}`);
    await bobOnPayroll.locator('[data-testid="no-access"][data-reason="none"]').waitFor();
    await bobOnPayroll.close();

    // His token reads it; a write he forges over the protocol is stored nowhere. Sharing it on is refused by the server.
    const bobs = await syncToken(url, bobAccount, plan);
    expect(bobs.access).toBe('read');
    const call = apiClient(stack.server.httpUrl);
    expect((await call('GET', docPath(payroll), { auth: bobs.token })).status).toBe(403);
    const forger = connectClient(stack.server.wsUrl, plan, { params: { token: bobs.token } });
    await forger.synced();
    const forged = new XmlElement('paragraph');
    forged.insert(0, [new XmlText('FORGED BY BOB')]);
    forger.doc.getXmlFragment('default').push([forged]);
    await a.focusEnd();
    await ada.page.keyboard.type(' Written after the forgery.');
    await a.waitUntilSaved();
    await waitFor(() => forger.doc.getXmlFragment('default').toString().includes('Written after the forgery.'), {
      timeout: 10_000,
      message: "Ada's write to reach Bob's client",
    });
    const ownerToken = (await syncToken(url, stack.owner)).token;
    expect((await call('GET', docPath(plan, '?format=text'), { auth: ownerToken })).text).not.toContain('FORGED');
    expect(await a.text()).not.toContain('FORGED');
    forger.destroy();
    for (const [method, path, body] of [
      ['GET', `/api/documents/${plan}/sharing`, undefined],
      ['POST', `/api/documents/${plan}/shares`, { person: 'Grace Hopper', role: 'editor' }],
      ['POST', `/api/documents/${plan}/links`, { role: 'editor' }],
      ['POST', `/api/documents/${plan}/trash`, undefined],
    ] as const) {
      expect((await appCall(url, bobAccount, method, path, body)).status, `${method} ${path}`).toBe(403);
    }

    // Ada makes him an editor: he writes. She removes him: his open editor loses the document at once.
    await ada.page.getByTestId('share-open').click();
    await bobRow.getByTestId('share-person-role').selectOption('editor');
    await bobRow.and(ada.page.locator('[data-role="editor"]')).waitFor();
    await bob.page.reload();
    await b.waitUntilSynced();
    await expect.poll(() => b.content.getAttribute('contenteditable')).toBe('true');
    await b.focusEnd();
    await bob.page.keyboard.type(' Bob agrees.');
    await a.waitForText('Bob agrees.');
    await bobRow.getByTestId('share-person-remove').click();
    await bobRow.waitFor({ state: 'detached' });
    await bob.page.locator('[data-testid="editor-error"][data-problem="access-removed"]').waitFor({ timeout: 5000 });

    // A view link, made in the dialog (shown once), then the dialog closes with Escape, back on its button.
    await dialog.getByTestId('link-role').selectOption('viewer');
    await dialog.getByTestId('link-create').click();
    const viewLink = await dialog.getByTestId('link-new-url').inputValue();
    expect(viewLink).toMatch(new RegExp(`^${url}/share/[\\w-]{22}$`));
    await ada.page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await ada.page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('share-open');

    // Carol's first visit through it says who shared what; the next one does not.
    const carol = await stack.openUser(CAROL, { role: 'guest' });
    await carol.page.goto(viewLink);
    await carol.page.waitForURL(`${url}/d/${plan}`);
    await carol.page.getByTestId('shared-with-you').filter({ hasText: 'Ada Lovelace shared “Launch plan” with you' }).waitFor();
    const c = new EditorPage(carol.page, url);
    await c.waitForText('Bob agrees.');
    await carol.page.getByTestId('view-only-badge').waitFor();
    await carol.page.goto(viewLink);
    await carol.page.waitForURL(`${url}/d/${plan}`);
    await c.waitUntilSynced();
    expect(await carol.page.getByTestId('shared-with-you').count()).toBe(0);

    // Ada revokes the link: Carol's open editor loses the document; the link now says it was turned off.
    await ada.page.getByTestId('share-open').click();
    const linkRow = dialog.locator('[data-testid="link-row"][data-role="viewer"]');
    await linkRow.and(ada.page.locator('[data-state="active"]')).getByTestId('link-revoke').click();
    await linkRow.and(ada.page.locator('[data-state="revoked"]')).waitFor();
    await carol.page.locator('[data-testid="editor-error"][data-problem="access-removed"]').waitFor({ timeout: 5000 });
    await carol.page.goto(viewLink);
    await carol.page.locator('[data-testid="no-access"][data-reason="revoked"]').waitFor();
    await ada.page.keyboard.press('Escape');

    // A link that expires opens until it does, then says so.
    const expiresAt = Date.now() + 3000;
    const expiring = await shareLink(url, adaAccount, plan, 'viewer', { expiresAt });
    const dave = await stack.openUser(DAVE, { role: 'guest' });
    await dave.page.goto(expiring);
    await new EditorPage(dave.page, url).waitForText('Launch on Monday.');
    await waitFor(() => Date.now() > expiresAt, { timeout: 10_000, message: 'the link to expire' });
    await dave.page.goto(expiring);
    await dave.page.locator('[data-testid="no-access"][data-reason="expired"]').waitFor();

    // The owner turns link sharing off: every link stops, and Eve's editor opened through one loses the document at once.
    const editLink = await shareLink(url, adaAccount, plan, 'editor');
    const eve = await stack.openUser(EVE, { role: 'guest' });
    await eve.page.goto(editLink);
    const e = new EditorPage(eve.page, url);
    await e.waitUntilSynced();
    await expect.poll(() => e.content.getAttribute('contenteditable')).toBe('true');
    const owner = await stack.openUser(null);
    await signInContext(owner.context, url, stack.owner);
    await owner.page.goto(`${url}/workspace`);
    // (The trash's retention is set there too, within 1 to 365 days; the server checks it.)
    await owner.page.getByTestId('trash-retention').fill('7');
    await owner.page.getByTestId('trash-retention-save').click();
    await owner.page.getByTestId('document-settings-message').filter({ hasText: 'kept 7 days' }).waitFor();
    expect((await appCall(url, stack.owner, 'PATCH', '/api/workspace/settings', { trashRetentionDays: 0 })).status).toBe(400);
    expect((await appCall(url, adaAccount, 'PATCH', '/api/workspace/settings', { linkSharing: false })).status).toBe(403);
    await owner.page.getByTestId('link-sharing-toggle').uncheck();
    await owner.page.getByTestId('document-settings-message').filter({ hasText: 'Link sharing is off' }).waitFor();
    await eve.page.locator('[data-testid="editor-error"][data-problem="access-removed"]').waitFor({ timeout: 5000 });
    await eve.page.goto(editLink);
    await eve.page.locator('[data-testid="no-access"][data-reason="sharing-off"]').waitFor();
    await ada.page.getByTestId('share-open').click();
    await dialog.getByTestId('link-sharing-off').waitFor();
    expect((await appCall(url, adaAccount, 'POST', `/api/documents/${plan}/links`, { role: 'viewer' })).status).toBe(409);
    // On again: the links that were not revoked or expired work again.
    await owner.page.getByTestId('link-sharing-toggle').check();
    await owner.page.getByTestId('document-settings-message').filter({ hasText: 'work again' }).waitFor();
    await eve.page.goto(editLink);
    await e.waitForText('Bob agrees.');
  });
});
