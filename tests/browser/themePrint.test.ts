import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chromiumPath } from './helpers/chromium.js';
import { useBrowserStack } from './helpers/stack.js';
import { twoEditors } from './helpers/twoEditors.js';

const executablePath = chromiumPath();

const DARK_PAGE = 'rgb(15, 16, 19)';
const LIGHT_PAGE = 'rgb(247, 247, 248)';
const DARK_EDITOR = 'rgb(23, 24, 28)';
const LIGHT_EDITOR = 'rgb(255, 255, 255)';

/** The page's and the editor's background colours. */
function backgrounds(page: Page): Promise<{ page: string; editor: string }> {
  return page.evaluate(() => ({
    page: getComputedStyle(document.body).backgroundColor,
    editor: getComputedStyle(document.querySelector('[data-testid="collaborative-editor"]') as Element).backgroundColor,
  }));
}

describe.skipIf(executablePath === null)('dark mode and printing (Chromium)', () => {
  const stack = useBrowserStack(executablePath ?? '', import.meta.url);

  it('follows the system preference, and the theme button (system → light → dark) is remembered across a reload', async () => {
    const { a, g } = await twoEditors(stack);
    await a.page.emulateMedia({ colorScheme: 'dark' });
    await g.page.emulateMedia({ colorScheme: 'light' });
    expect(await backgrounds(a.page)).toEqual({ page: DARK_PAGE, editor: DARK_EDITOR });
    expect(await backgrounds(g.page)).toEqual({ page: LIGHT_PAGE, editor: LIGHT_EDITOR });

    const button = a.page.getByTestId('theme-button');
    expect(await button.getAttribute('data-theme-choice')).toBe('system');
    await button.click();
    expect(await button.getAttribute('aria-label')).toBe('Light theme (change)');
    expect(await backgrounds(a.page)).toEqual({ page: LIGHT_PAGE, editor: LIGHT_EDITOR });
    await a.page.reload();
    await a.waitUntilSynced();
    expect(await backgrounds(a.page)).toEqual({ page: LIGHT_PAGE, editor: LIGHT_EDITOR });
    expect(await a.page.getByTestId('theme-button').getAttribute('data-theme-choice')).toBe('light');

    // Dark by choice, with a light system preference; still dark after a reload, and on the home page.
    await a.page.emulateMedia({ colorScheme: 'light' });
    await a.page.getByTestId('theme-button').click();
    expect(await backgrounds(a.page)).toEqual({ page: DARK_PAGE, editor: DARK_EDITOR });
    await a.page.goto(stack.app.url);
    await a.page.getByTestId('theme-button').waitFor();
    expect(await a.page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe(DARK_PAGE);
    // Grace's choice is hers: she is still light.
    expect(await backgrounds(g.page)).toEqual({ page: LIGHT_PAGE, editor: LIGHT_EDITOR });
  });

  it('prints the text only: no header, toolbar, carets or counts, link addresses written out', async () => {
    const { a, g } = await twoEditors(stack);
    await a.focusEnd();
    await a.page.keyboard.type('Read https://example.com/guide today.');
    await g.focusEnd();
    await g.page.keyboard.type(' Grace');
    await a.remoteCaret('Grace Hopper').waitFor();
    const link = a.content.locator('a[href="https://example.com/guide"]');
    await link.waitFor();

    // Each of them is on screen first, so "hidden in print" cannot pass on a selector that matches nothing.
    for (const selector of ['.app-header', '[data-testid="toolbar"]', '[data-testid="presence-list"]', '[data-testid="word-count"]']) {
      expect(await a.page.locator(selector).first().isVisible(), selector).toBe(true);
    }
    await a.page.emulateMedia({ media: 'print' });
    for (const selector of [
      '.app-header',
      '[data-testid="toolbar"]',
      '[data-testid="presence-list"]',
      '[data-testid="word-count"]',
      '[data-testid="remote-caret"]',
    ]) {
      expect(await a.page.locator(selector).first().isVisible(), selector).toBe(false);
    }
    expect(await a.content.isVisible()).toBe(true);
    expect(await link.evaluate((el) => getComputedStyle(el, '::after').content)).toBe('" (https://example.com/guide)"');
    expect(await a.page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(255, 255, 255)');
    await a.page.emulateMedia({ media: 'screen' });
    expect(await a.page.getByTestId('toolbar').isVisible()).toBe(true);
  });
});
