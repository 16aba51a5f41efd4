import { describe, expect, it } from 'vitest';
import { chromiumPath } from './helpers/chromium.js';
import { separateUndoSteps } from './helpers/richText.js';
import { useBrowserStack } from './helpers/stack.js';
import { twoEditors } from './helpers/twoEditors.js';

const executablePath = chromiumPath();

describe.skipIf(executablePath === null)('find and replace (Chromium)', () => {
  const stack = useBrowserStack(executablePath ?? '', import.meta.url);

  it('Ctrl+F finds with a live match count, Enter/Shift+Enter move, replace and replace all reach the other person, undo takes back only yours', async () => {
    const { a, g } = await twoEditors(stack);
    await a.focusEnd();
    await a.page.keyboard.type('The cat sat. The Cat ran. A dog barked.');
    await g.waitForText('A dog barked.');

    await a.page.keyboard.press('Control+f');
    const input = a.page.getByTestId('find-input');
    await input.waitFor();
    expect(await input.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await a.page.getByTestId('find-bar').getAttribute('role')).toBe('search');
    await a.page.keyboard.type('cat');
    const status = a.page.getByTestId('find-status');
    await expect.poll(() => status.textContent()).toBe('1 of 2');
    expect(await a.content.locator('.ProseMirror-search-match, .ProseMirror-active-search-match').count()).toBe(2);
    expect(await a.content.locator('.ProseMirror-active-search-match').textContent()).toBe('cat');
    await a.page.keyboard.press('Enter');
    await expect.poll(() => status.textContent()).toBe('2 of 2');
    expect(await a.content.locator('.ProseMirror-active-search-match').textContent()).toBe('Cat');
    await a.page.keyboard.press('Shift+Enter');
    await expect.poll(() => status.textContent()).toBe('1 of 2');
    // Nothing of the search reaches Grace.
    expect(await g.content.locator('.ProseMirror-search-match, .ProseMirror-active-search-match').count()).toBe(0);

    // Grace writes another cat: Ada's count follows.
    await g.focusEnd();
    await g.page.keyboard.type(' The cat slept.');
    await expect.poll(() => status.getAttribute('data-total')).toBe('3');

    // Replace the current one, then (as a step of its own) all the others.
    await a.page.getByTestId('replace-input').fill('lion');
    await a.page.getByTestId('replace-input').press('Enter');
    await g.waitForText('The lion sat. The Cat ran.');
    await expect.poll(() => status.getAttribute('data-total')).toBe('2');
    await separateUndoSteps(a.page);
    await a.page.getByTestId('replace-all').click();
    await g.waitForText('The lion sat. The lion ran. A dog barked. The lion slept.');
    await expect.poll(() => status.textContent()).toBe('No matches');

    // Escape closes the bar, clears the highlights and gives the caret back.
    await a.page.getByTestId('find-input').press('Escape');
    await a.page.getByTestId('find-bar').waitFor({ state: 'detached' });
    expect(await a.content.evaluate((el) => el.contains(document.activeElement))).toBe(true);

    // Grace adds words; Ada's undo takes back her Replace all only.
    await g.page.keyboard.type(' Grace was here.');
    await a.waitForText('Grace was here.');
    await a.page.keyboard.press('Control+z');
    await g.waitForText('The lion sat. The Cat ran. A dog barked. The cat slept. Grace was here.');
  });
});
