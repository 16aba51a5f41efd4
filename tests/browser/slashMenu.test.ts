import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chromiumPath } from './helpers/chromium.js';
import type { EditorPage } from './helpers/editorPage.js';
import { selectLine, separateUndoSteps } from './helpers/richText.js';
import { useBrowserStack } from './helpers/stack.js';
import { twoEditors } from './helpers/twoEditors.js';

const executablePath = chromiumPath();

/** The id of the option the editor points at, and the option marked selected: they must agree. */
async function activeOption(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    const content = document.querySelector('[data-testid="editor-content"]');
    const id = content?.getAttribute('aria-activedescendant');
    if (!id) return null;
    const option = document.getElementById(id);
    if (option?.getAttribute('role') !== 'option' || option.getAttribute('aria-selected') !== 'true')
      throw new Error(`aria-activedescendant ${id} is not the selected option`);
    if (option.closest('[role="listbox"]')?.id !== content?.getAttribute('aria-controls'))
      throw new Error('aria-controls does not name the listbox');
    return option.getAttribute('data-testid');
  });
}

async function clearLine(page: Page): Promise<void> {
  await selectLine(page);
  await page.keyboard.press('Backspace');
}

/** Clicks at the end of the paragraph holding `text` and runs a slash command typed there. */
async function slashAtEndOf(e: EditorPage, text: string, query: string): Promise<void> {
  await e.content.locator('p', { hasText: text }).click();
  await e.page.keyboard.press('End');
  await e.page.keyboard.type(` /${query}`);
  await e.page.getByTestId('slash-menu').waitFor();
  await e.page.keyboard.press('Enter');
  await e.page.getByTestId('slash-menu').waitFor({ state: 'detached' });
}

describe.skipIf(executablePath === null)('slash menu (Chromium)', () => {
  const stack = useBrowserStack(executablePath ?? '', import.meta.url);

  it('opens on /, filters as you type, is driven by arrows, Enter and Escape with aria-activedescendant, and the block reaches the other person', async () => {
    const { a, g } = await twoEditors(stack);
    await a.focusEnd();
    await a.page.keyboard.type('/');
    const menu = a.page.getByTestId('slash-menu');
    await menu.waitFor();
    const options = menu.locator('[role="listbox"] [role="option"]');
    expect(await options.count()).toBe(11);
    expect(await menu.locator('[role="listbox"]').getAttribute('aria-label')).toBe('Insert a block');
    expect(await activeOption(a.page)).toBe('slash-h1');

    // Filtering keeps the matches; the arrows move (and wrap), the editor keeps focus.
    await a.page.keyboard.type('head');
    await expect.poll(() => options.count()).toBe(3);
    await a.page.keyboard.press('ArrowDown');
    expect(await activeOption(a.page)).toBe('slash-h2');
    await a.page.keyboard.press('ArrowUp');
    await a.page.keyboard.press('ArrowUp');
    expect(await activeOption(a.page)).toBe('slash-h3');
    expect(await a.content.evaluate((el) => el === document.activeElement)).toBe(true);

    // Escape closes it and leaves the typed text; nothing matching says so.
    await a.page.keyboard.press('Escape');
    await menu.waitFor({ state: 'detached' });
    expect(await a.content.getAttribute('aria-activedescendant')).toBeNull();
    expect(await a.text()).toBe('/head');
    await clearLine(a.page);
    await a.page.keyboard.type('/zzz');
    await a.page.getByTestId('slash-empty').waitFor();
    await a.page.keyboard.press('Escape');
    await menu.waitFor({ state: 'detached' });
    await clearLine(a.page);

    // A slash inside a word is just a slash.
    await a.page.keyboard.type('and/or');
    // The text is in the document: the suggestion plugin has seen every keystroke of it.
    await expect.poll(async () => (await a.content.textContent()) ?? '').toContain('and/or');
    expect(await menu.count()).toBe(0);
    await clearLine(a.page);

    // Enter chooses: "/head" ↓ Enter makes a second-level heading, Grace sees it.
    await a.page.keyboard.type('/head');
    await a.page.keyboard.press('ArrowDown');
    await a.page.keyboard.press('Enter');
    await menu.waitFor({ state: 'detached' });
    await a.page.keyboard.type('Plan');
    await g.content.locator('h2', { hasText: 'Plan' }).waitFor();
    expect(await g.text()).toBe('Plan');

    // The pointer: hover activates, click chooses.
    await a.page.keyboard.press('Enter');
    await a.page.keyboard.type('/');
    await menu.waitFor();
    await a.page.getByTestId('slash-task-list').hover();
    expect(await activeOption(a.page)).toBe('slash-task-list');
    await a.page.getByTestId('slash-task-list').click();
    await a.page.keyboard.type('Buy milk');
    await g.content.locator('ul[data-type="taskList"] li', { hasText: 'Buy milk' }).waitFor();
  });

  it('inserts every block the menu offers, seen by the other person; undo takes back only your own', async () => {
    const { a, g } = await twoEditors(stack);
    const lines = ['Line one', 'Line three', 'Line bullets', 'Line numbers', 'Line code', 'Line quote', 'Line divider'];
    await a.focusEnd();
    for (const [index, line] of lines.entries()) {
      if (index > 0) await a.page.keyboard.press('Enter');
      await a.page.keyboard.insertText(line);
    }
    await g.waitForText('Line divider');

    // Ada makes a heading; Grace writes meanwhile; Ada's undo takes back the heading (and the
    // "/h1" she typed for it), not Grace's words.
    await separateUndoSteps(a.page);
    await slashAtEndOf(a, 'Line one', 'h1');
    await g.content.locator('h1', { hasText: 'Line one' }).waitFor();
    await g.content.getByText('Line divider', { exact: true }).click();
    await g.page.keyboard.press('End');
    await g.page.keyboard.type(' by Grace');
    await a.waitForText('Line divider by Grace');
    await a.page.keyboard.press('Control+z');
    await g.content.locator('h1').waitFor({ state: 'detached' });
    expect(await g.content.locator('p').first().textContent()).toBe('Line one');
    expect(await g.text()).toContain('Line divider by Grace');
    await a.page.keyboard.press('Control+Shift+z');
    await g.content.locator('h1', { hasText: 'Line one' }).waitFor();

    await slashAtEndOf(a, 'Line three', 'h3');
    await slashAtEndOf(a, 'Line bullets', 'bullet');
    await slashAtEndOf(a, 'Line numbers', 'numbered');
    await slashAtEndOf(a, 'Line code', 'code');
    await slashAtEndOf(a, 'Line quote', 'quote');
    await slashAtEndOf(a, 'Line divider by Grace', 'divider');
    await a.page.keyboard.type('/table');
    await a.page.getByTestId('slash-table').waitFor();
    await a.page.keyboard.press('Enter');
    for (const [selector, text] of [
      ['h1', 'Line one'],
      ['h3', 'Line three'],
      ['ul:not([data-type]) > li', 'Line bullets'],
      ['ol > li', 'Line numbers'],
      ['pre code', 'Line code'],
      ['blockquote p', 'Line quote'],
    ] as const) {
      await g.content.locator(selector, { hasText: text }).waitFor();
    }
    await g.content.locator('hr').waitFor();
    await expect.poll(() => g.content.locator('table th').count()).toBe(3);
    // The typed "/query" is gone everywhere.
    expect(await g.text()).not.toContain('/');
  });
});
