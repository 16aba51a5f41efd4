import { describe, expect, it } from 'vitest';
import { chromiumPath } from './helpers/chromium.js';
import { useBrowserStack } from './helpers/stack.js';
import { ADA, GRACE, twoEditors as openTwoEditors } from './helpers/twoEditors.js';

const executablePath = chromiumPath();

describe.skipIf(executablePath === null)('two people in one document (Chromium)', () => {
  const stack = useBrowserStack(executablePath ?? '', import.meta.url);

  const twoEditors = () => openTwoEditors(stack);

  it('shows each other’s text, named caret, presence and typing, and who left', async () => {
    const { ada, a, g } = await twoEditors();

    await a.focusEnd();
    await a.page.keyboard.type('Hello from Ada.');
    await g.waitForText('Hello from Ada.');

    // Grace sees Ada typing, Ada's caret with her name, and both of them present.
    await g.typing.filter({ hasText: 'Ada Lovelace is typing…' }).waitFor();
    const caret = g.remoteCaret(ADA.name);
    await caret.waitFor();
    expect(await caret.locator('.collaboration-carets__label').textContent()).toBe(ADA.name);
    await g.presencePerson(ADA.name).waitFor();
    expect(await g.presencePerson(GRACE.name).getAttribute('data-self')).toBe('true');

    // The typing flag expires by itself a couple of seconds after Ada's last keystroke.
    await g.page.locator('[data-testid="typing-indicator"]:not([data-active])').waitFor({ state: 'attached', timeout: 6000 });
    expect(await g.typing.textContent()).toBe('');

    // Ada switches to another tab: Grace sees her as away, then back.
    const setVisibility = (state: 'hidden' | 'visible') =>
      ada.page.evaluate((value) => {
        Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => value });
        document.dispatchEvent(new Event('visibilitychange'));
      }, state);
    await setVisibility('hidden');
    await g.page.locator(`[data-testid="presence-person"][data-name="${ADA.name}"][data-away]`).waitFor();
    await setVisibility('visible');
    await g.page.locator(`[data-testid="presence-person"][data-name="${ADA.name}"]:not([data-away])`).waitFor();

    await g.focusEnd();
    await g.page.keyboard.type(' And Grace.');
    await a.waitForText('Hello from Ada. And Grace.');
    await a.presencePerson(GRACE.name).waitFor();
    await a.typing.filter({ hasText: 'Grace Hopper is typing…' }).waitFor();
    expect(await a.page.getByTestId('presence-person').count()).toBe(2);

    // Ada closes her tab: Grace's presence list drops her and says so.
    await ada.closePage();
    await g.presencePerson(ADA.name).waitFor({ state: 'detached' });
    expect(await g.page.getByTestId('presence-person').count()).toBe(1);
    await g.page.locator('[data-testid="presence-notice"][data-kind="left"]', { hasText: 'Ada Lovelace left' }).waitFor();
  });

  it('carries bold and headings across, and undo removes only your own edit', async () => {
    const { a, g } = await twoEditors();

    // A heading from the toolbar, bold from the keyboard shortcut.
    await a.focusEnd();
    await a.page.keyboard.type('Launch plan');
    await a.page.getByTestId('toolbar-h1').click();
    await a.page.keyboard.press('End');
    await a.page.keyboard.press('Enter');
    await a.page.keyboard.type('The ');
    await a.page.keyboard.press('Control+b');
    await a.page.keyboard.type('critical');
    await a.page.keyboard.press('Control+b');
    await a.page.keyboard.type(' path');
    await g.content.locator('h1', { hasText: 'Launch plan' }).waitFor();
    await g.content.locator('strong', { hasText: 'critical' }).waitFor();
    await g.waitForText('The critical path');
    expect(await a.page.getByTestId('toolbar-h1').getAttribute('aria-pressed')).toBe('false');

    // Grace adds a line; then Ada adds one and undoes it.
    await g.focusEnd();
    await g.page.keyboard.press('Enter');
    await g.page.keyboard.type('Grace was here');
    await a.waitForText('Grace was here');
    await a.focusEnd();
    await a.page.keyboard.press('Enter');
    await a.page.keyboard.type('Ada draft');
    await g.waitForText('Ada draft');

    await a.page.keyboard.press('Control+z');
    await a.waitForTextGone('Ada draft');
    await g.waitForTextGone('Ada draft');
    expect(await a.text()).toContain('Grace was here');
    expect(await g.text()).toContain('Grace was here');

    // Grace's own undo history is hers: it cannot touch Ada's text.
    await g.page.getByTestId('toolbar-undo').click();
    await g.waitForTextGone('Grace was here');
    await a.waitForTextGone('Grace was here');
    expect(await g.text()).toContain('Launch plan');

    // Redo brings Ada's line back, everywhere.
    await a.page.getByTestId('toolbar-redo').click();
    await g.waitForText('Ada draft');
  });
});
