import { describe, expect, it } from 'vitest';
import { chromiumPath } from './helpers/chromium.js';
import { inviteToken } from './helpers/accounts.js';
import { EditorPage } from './helpers/editorPage.js';
import { useBrowserStack } from './helpers/stack.js';

const executablePath = chromiumPath();

describe.skipIf(executablePath === null)('documents, titles and identity (Chromium)', () => {
  const stack = useBrowserStack(executablePath ?? '', import.meta.url);

  it('sends a first-time visitor to sign in; with an invitation she signs up, creates a document, and a rename shows up live for others and in the list', async () => {
    const ada = await stack.openUser(null);
    await ada.page.goto(stack.app.url);
    await ada.page.waitForURL(/\/sign-in\?next=%2F$/);
    await ada.page.getByTestId('sign-in-form').waitFor();
    // An invitation link from the owner: she creates her account on its page.
    await ada.page.goto(`${stack.app.url}/invite/${await inviteToken(stack.app.url, stack.owner, 'member')}`);
    await ada.page.getByTestId('sign-up-name').fill('Ada Lovelace');
    await ada.page.getByTestId('sign-up-email').fill('ada@example.test');
    await ada.page.getByTestId('sign-up-password').fill('short');
    await ada.page.getByTestId('sign-up-submit').click();
    await ada.page.getByTestId('sign-up-error').filter({ hasText: 'at least 8 characters' }).waitFor();
    await ada.page.getByTestId('sign-up-password').fill('a good password');
    await ada.page.getByTestId('sign-up-submit').click();
    await ada.page.waitForURL(`${stack.app.url}/`);
    await ada.page.getByTestId('identity-button').filter({ hasText: 'Ada Lovelace' }).waitFor();

    await ada.page.getByTestId('new-document').click();
    await ada.page.waitForURL(/\/d\/[a-z0-9-]+$/);
    const docId = decodeURIComponent(new URL(ada.page.url()).pathname.slice('/d/'.length));
    const a = new EditorPage(ada.page, stack.app.url);
    await a.waitUntilSynced();
    await a.title.fill('Quarterly report');
    await a.focusEnd();
    await a.page.keyboard.type('Numbers go here.');
    await a.waitUntilSaved();

    // Grace first looks at the list: the document is there under its title.
    const grace = await stack.openUser({ name: 'Grace Hopper', color: '#059669' });
    await grace.page.goto(stack.app.url);
    const row = grace.page.locator(`[data-testid="doc-row"][data-doc="${docId}"]`);
    await row.getByTestId('doc-row-title').filter({ hasText: 'Quarterly report' }).waitFor();

    // She opens it and renames it; Ada's title follows live.
    await row.click();
    const g = new EditorPage(grace.page, stack.app.url);
    await g.waitUntilSynced();
    await g.waitForText('Numbers go here.');
    expect(await g.title.inputValue()).toBe('Quarterly report');

    // Ada keeps the list open in a second tab: it updates live, with who is editing.
    const list = await ada.context.newPage();
    await list.goto(stack.app.url);
    const listRow = list.locator(`[data-testid="doc-row"][data-doc="${docId}"]`);
    await listRow.getByTestId('doc-row-title').filter({ hasText: 'Quarterly report' }).waitFor();
    await listRow.locator('[data-testid="doc-row-activity"][data-editors="2"]').waitFor();

    await g.title.fill('Q3 report');
    await a.page.waitForFunction(
      () => (document.querySelector('[data-testid="doc-title"]') as HTMLInputElement | null)?.value === 'Q3 report',
    );
    await listRow.getByTestId('doc-row-title').filter({ hasText: 'Q3 report' }).waitFor();
    expect(await grace.page.title()).toBe('Q3 report · Tandem');

    // Grace leaves: the live count drops to one.
    await grace.closePage();
    await listRow.locator('[data-testid="doc-row-activity"][data-editors="1"]').waitFor();
  });

  it('answers an invalid document id with a 404 page, signed in or not', async () => {
    const user = await stack.openUser({ name: 'Linus', color: '#2563eb' });
    for (const path of ['/d/-starts-with-dash', '/d/a%2F%2Fb', '/d/.hidden', '/d/a%2F..%2Fb', '/d/has%20space']) {
      const response = await user.page.goto(`${stack.app.url}${path}`);
      expect(response?.status(), path).toBe(404);
      await user.page.getByTestId('not-found').waitFor();
    }
    const ok = await user.page.goto(`${stack.app.url}/d/${stack.newDocId()}`);
    expect(ok?.status()).toBe(200);
    const stranger = await stack.openUser(null);
    expect((await stranger.page.goto(`${stack.app.url}/d/.hidden`))?.status()).toBe(404);
  });
});
