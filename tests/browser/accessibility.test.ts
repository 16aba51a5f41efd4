import { describe, expect, it } from 'vitest';
import { seriousAxeViolations } from './helpers/axe.js';
import { chromiumPath } from './helpers/chromium.js';
import { EditorPage } from './helpers/editorPage.js';
import { selectText } from './helpers/richText.js';
import { appCall } from './helpers/sharing.js';
import { useBrowserStack } from './helpers/stack.js';
import { ADA, GRACE } from './helpers/twoEditors.js';

const executablePath = chromiumPath();

describe.skipIf(executablePath === null)('accessibility: axe-core finds nothing serious (Chromium)', () => {
  // Auth on, so the document page has the share dialog to scan too.
  const stack = useBrowserStack(executablePath ?? '', import.meta.url, {
    env: { AUTH_SECRET: 'accessibility-browser-secret-long-enough-0123' },
  });

  // Many pages and panels, each scanned: longer than the default test timeout on a loaded machine.
  it('the home page, the document page, and the document page with each menu, popover and panel open', { timeout: 120_000 }, async () => {
    // Ada and Grace, members of the workspace, on one of its documents.
    const ada = await stack.openUser(ADA);
    const grace = await stack.openUser(GRACE);
    const created = await appCall(stack.app.url, stack.account(ADA.name), 'POST', '/api/documents', { title: 'Plans' });
    const docId = created.json.docId as string;
    const a = new EditorPage(ada.page, stack.app.url);
    const g = new EditorPage(grace.page, stack.app.url);
    await Promise.all([a.openDoc(docId), g.openDoc(docId)]);
    await Promise.all([a.waitUntilSynced(), g.waitUntilSynced()]);
    const findings: Record<string, Awaited<ReturnType<typeof seriousAxeViolations>>> = {};
    const scan = async (state: string) => {
      findings[state] = await seriousAxeViolations(a.page);
    };

    await a.focusEnd();
    await a.page.keyboard.type('Plans for the week. ');
    await g.focusEnd();
    await g.page.keyboard.type('Grace agrees.');
    await a.waitForText('Grace agrees.');
    await a.remoteCaret('Grace Hopper').waitFor();
    await scan('document page');

    await a.focusEnd();
    await a.page.keyboard.press('Enter');
    await a.page.keyboard.type('/');
    await a.page.getByTestId('slash-menu').waitFor();
    await scan('slash menu');
    await a.page.keyboard.press('Escape');
    await a.page.keyboard.press('Backspace');

    await a.page.keyboard.type('@');
    await a.page.getByTestId('mention-menu').waitFor();
    await scan('mention menu');
    await a.page.keyboard.press('Escape');
    await a.page.keyboard.press('Backspace');

    await a.page.getByTestId('toolbar-image').click();
    await a.page.getByTestId('image-src').fill('javascript:alert(1)');
    await a.page.keyboard.press('Enter');
    await a.page.getByTestId('image-error').waitFor();
    await scan('image form with an error');
    await a.page.getByTestId('image-src').fill(`${stack.app.url}/icon.svg`);
    await a.page.getByTestId('image-alt-input').fill('Logo');
    await a.page.keyboard.press('Enter');
    await a.content.locator('img.tandem-image').click();
    await a.page.locator('[data-testid="image-popover"][data-mode="view"]').waitFor();
    await scan('image popover');

    await a.presencePerson('Grace Hopper').getByTestId('follow-person').click();
    await a.page.getByTestId('following-indicator').waitFor();
    await scan('following a colleague');
    await a.page.getByTestId('stop-following').click();

    await selectText(a.page, 'Plans');
    await a.page.keyboard.press('Control+k');
    await a.page.getByTestId('link-input').fill('javascript:alert(1)');
    await a.page.keyboard.press('Enter');
    await a.page.getByTestId('link-error').waitFor();
    await scan('link editor with an error');
    await a.page.getByTestId('link-input').fill('example.com');
    await a.page.keyboard.press('Enter');
    await a.content.locator('a', { hasText: 'Plans' }).click();
    await a.page.locator('[data-testid="link-popover"][data-mode="view"]').waitFor();
    await scan('link popover');

    await a.page.keyboard.press('Control+f');
    await a.page.getByTestId('find-input').fill('week');
    await scan('find bar');
    await a.page.keyboard.press('Escape');

    await a.page.getByTestId('toggle-outline').click();
    await a.page.getByTestId('outline').waitFor();
    await scan('outline');
    await a.page.getByTestId('toggle-outline').click();

    await a.focusEnd();
    await a.page.getByTestId('toolbar-table').click();
    await a.page.getByTestId('table-toolbar').waitFor();
    await scan('table toolbar');

    await a.page.keyboard.press('Control+/');
    await a.page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    await scan('shortcuts sheet');
    await a.page.keyboard.press('Escape');

    await a.page.getByTestId('identity-button').click();
    await a.page.getByRole('dialog').waitFor();
    await scan('identity dialog');
    await a.page.keyboard.press('Escape');

    // The share dialog with a person and a link in it, and a message.
    await a.page.getByTestId('share-open').click();
    const share = a.page.getByTestId('share-dialog');
    await share.getByTestId('share-person').fill(GRACE.name);
    await share.getByTestId('share-submit').click();
    await share.getByTestId('share-person-row').waitFor();
    await share.getByTestId('link-create').click();
    await share.getByTestId('link-new-url').waitFor();
    await share.getByTestId('link-row').waitFor();
    await scan('share dialog');
    await a.page.keyboard.press('Escape');

    await a.page.getByTestId('theme-button').click();
    await a.page.getByTestId('theme-button').click();
    await scan('document page, dark');

    await a.page.goto(stack.app.url);
    await a.page.getByTestId('new-document').waitFor();
    await a.page.locator(`[data-testid="doc-row"][data-doc="${docId}"]`).waitFor();
    await scan('home page, dark');
    await a.page.getByTestId('theme-button').click();
    await scan('home page');
    await a.page.getByTestId('filter-trash').check();
    await a.page.getByTestId('trash-empty').waitFor();
    await scan('home page, trash');

    expect(findings).toEqual(Object.fromEntries(Object.keys(findings).map((state) => [state, []])));
  });
});
