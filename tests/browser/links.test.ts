import { describe, expect, it } from 'vitest';
import { chromiumPath } from './helpers/chromium.js';
import { selectText, separateUndoSteps } from './helpers/richText.js';
import { useBrowserStack } from './helpers/stack.js';
import { twoEditors } from './helpers/twoEditors.js';

const executablePath = chromiumPath();

describe.skipIf(executablePath === null)('links (Chromium)', () => {
  const stack = useBrowserStack(executablePath ?? '', import.meta.url);

  it('adds a link with Ctrl+K, refuses javascript:, shows it to the other person, and undo takes back only the link', async () => {
    const { ada, a, g } = await twoEditors(stack);
    await a.focusEnd();
    await a.page.keyboard.type('Read the docs here.');
    await g.waitForText('Read the docs here.');
    await separateUndoSteps(a.page);

    // Select "docs" and open the link popover from the keyboard.
    await selectText(a.page, 'docs');
    await a.page.keyboard.press('Control+k');
    const input = a.page.getByTestId('link-input');
    await input.waitFor();
    expect(await input.evaluate((el) => el === document.activeElement)).toBe(true);

    // A script address is refused, said so, and nothing is linked.
    await input.fill('javascript:alert(document.cookie)');
    await a.page.keyboard.press('Enter');
    const error = a.page.getByTestId('link-error');
    await error.waitFor();
    expect(await error.getAttribute('role')).toBe('alert');
    expect(await input.getAttribute('aria-invalid')).toBe('true');
    expect(await a.content.locator('a').count()).toBe(0);

    // A plain host name becomes an https link; Escape-free: Enter applies and closes.
    await input.fill('example.com/guide');
    await a.page.keyboard.press('Enter');
    await a.page.locator('[data-testid="link-popover"][data-mode="edit"]').waitFor({ state: 'detached' });
    const link = g.content.locator('a', { hasText: 'docs' });
    await link.waitFor();
    expect(await link.textContent()).toBe('docs');
    expect(await link.getAttribute('href')).toBe('https://example.com/guide');
    expect(await link.getAttribute('target')).toBe('_blank');
    expect((await link.getAttribute('rel'))?.split(' ')).toEqual(expect.arrayContaining(['noopener', 'noreferrer']));
    expect(await g.content.locator('a[href^="javascript"]').count()).toBe(0);

    // Grace writes too; Ada's undo removes her link and leaves Grace's words.
    await g.focusEnd();
    await g.page.keyboard.type(' Grace agrees.');
    await a.waitForText('Grace agrees.');
    await a.content.click();
    await a.page.keyboard.press('Control+z');
    await g.content.locator('a').waitFor({ state: 'detached' });
    expect(await g.text()).toBe('Read the docs here. Grace agrees.');
    await a.page.keyboard.press('Control+Shift+z');
    await link.waitFor();

    // Text typed right after the link is not part of it.
    await a.page.keyboard.press('Home');
    for (let i = 0; i < 'Read the docs'.length; i++) await a.page.keyboard.press('ArrowRight');
    await a.page.keyboard.type('!');
    await g.waitForText('Read the docs! here.');
    expect(await link.textContent()).toBe('docs');

    // A click on the link places the caret and offers Open/Edit/Remove instead of opening a tab.
    await ada.context.route('https://example.com/**', (route) => route.fulfill({ contentType: 'text/html', body: '<title>Guide</title>' }));
    await a.content.locator('a', { hasText: 'docs' }).click();
    const popover = a.page.locator('[data-testid="link-popover"][data-mode="view"]');
    await popover.waitFor();
    expect(await popover.locator('.tandem-link__href').textContent()).toBe('https://example.com/guide');
    expect(ada.context.pages()).toHaveLength(1);
    expect(ada.page.url()).toContain('/d/');
    const [tab] = await Promise.all([ada.context.waitForEvent('page'), a.page.getByTestId('link-open').click()]);
    await tab.waitForURL('https://example.com/guide');
    await tab.close();

    // Remove from the popover: gone for Grace too, the words stay.
    await a.content.locator('a', { hasText: 'docs' }).click();
    await a.page.getByTestId('link-remove').click();
    await g.content.locator('a').waitFor({ state: 'detached' });
    expect(await g.text()).toBe('Read the docs! here. Grace agrees.');
  });

  it('edits a link from the toolbar and the popover, and inserts an address as a link with nothing selected', async () => {
    const { a, g } = await twoEditors(stack);
    await a.focusEnd();
    await a.page.keyboard.type('Mail me: ');
    await a.page.getByTestId('toolbar-link').click();
    await a.page.getByTestId('link-input').fill('ada@example.com');
    await a.page.getByTestId('link-apply').click();
    const mail = g.content.locator('a[href="mailto:ada@example.com"]');
    await mail.waitFor();
    expect(await mail.textContent()).toBe('mailto:ada@example.com');

    // Edit through the popover: the whole link gets the new address.
    await a.content.locator('a').click();
    await a.page.getByTestId('link-edit').click();
    const input = a.page.getByTestId('link-input');
    expect(await input.inputValue()).toBe('mailto:ada@example.com');
    await input.fill('https://tandem.example/contact');
    await a.page.keyboard.press('Enter');
    await g.content.locator('a[href="https://tandem.example/contact"]', { hasText: 'mailto:ada@example.com' }).waitFor();
    expect(await g.content.locator('a').count()).toBe(1);

    // Escape closes the editor without changing anything and gives the caret back.
    await a.page.keyboard.press('Control+k');
    await input.waitFor();
    await input.fill('https://elsewhere.example');
    await a.page.keyboard.press('Escape');
    await input.waitFor({ state: 'detached' });
    expect(await a.content.evaluate((el) => el.contains(document.activeElement))).toBe(true);
    expect(await a.content.locator('a').getAttribute('href')).toBe('https://tandem.example/contact');
  });
});
