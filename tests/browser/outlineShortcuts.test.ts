import { describe, expect, it } from 'vitest';
import { chromiumPath } from './helpers/chromium.js';
import { separateUndoSteps } from './helpers/richText.js';
import { useBrowserStack } from './helpers/stack.js';
import { twoEditors } from './helpers/twoEditors.js';

const executablePath = chromiumPath();

describe.skipIf(executablePath === null)('outline and keyboard shortcuts sheet (Chromium)', () => {
  const stack = useBrowserStack(executablePath ?? '', import.meta.url);

  it('the outline lists the headings live for the other person and jumps to one, scrolling it into view', async () => {
    const { a, g } = await twoEditors(stack);
    await a.focusEnd();
    const filler = () => Array.from({ length: 12 }, (_, i) => `Paragraph ${i + 1} with enough words to take a line.`);
    const type = async (lines: string[]) => {
      for (const line of lines) {
        await a.page.keyboard.insertText(line);
        await a.page.keyboard.press('Enter');
      }
    };
    await a.page.keyboard.type('/h1');
    await a.page.keyboard.press('Enter');
    await type(['Intro', ...filler()]);
    await a.page.keyboard.type('/h2');
    await a.page.keyboard.press('Enter');
    await type(['Details', ...filler()]);
    await a.page.keyboard.type('/h2');
    await a.page.keyboard.press('Enter');
    await a.page.keyboard.insertText('Summary');
    await g.content.locator('h2', { hasText: 'Summary' }).waitFor();

    // Grace opens the outline at the top of the page.
    await g.page.evaluate(() => window.scrollTo(0, 0));
    const toggle = g.page.getByTestId('toggle-outline');
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    await toggle.click();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    const outline = g.page.getByRole('navigation', { name: 'Outline' });
    const entries = outline.getByTestId('outline-entry');
    await expect.poll(() => entries.allTextContents()).toEqual(['Intro', 'Details', 'Summary']);
    expect(await entries.evaluateAll((els) => els.map((el) => el.getAttribute('data-level')))).toEqual(['1', '2', '2']);

    // Ada adds a heading: Grace's outline follows.
    await a.page.keyboard.press('Enter');
    await a.page.keyboard.type('/h3');
    await a.page.keyboard.press('Enter');
    await a.page.keyboard.insertText('Next steps');
    await expect.poll(() => entries.allTextContents()).toEqual(['Intro', 'Details', 'Summary', 'Next steps']);

    // "Summary" is off screen for Grace; the outline takes her there, caret at its end.
    const summary = g.content.locator('h2', { hasText: 'Summary' });
    const inView = () =>
      summary.evaluate((el) => {
        const box = el.getBoundingClientRect();
        return box.top >= 0 && box.bottom <= window.innerHeight;
      });
    expect(await inView()).toBe(false);
    await entries.filter({ hasText: 'Summary' }).click();
    await expect.poll(inView).toBe(true);
    await separateUndoSteps(g.page);
    await g.page.keyboard.type(' notes');
    await a.content.locator('h2', { hasText: 'Summary notes' }).waitFor();
    // Grace's undo takes back her words, not Ada's heading.
    await g.page.keyboard.press('Control+z');
    await a.content.locator('h2', { hasText: 'Summary notes' }).waitFor({ state: 'detached' });
    expect(await a.content.locator('h2', { hasText: 'Summary' }).count()).toBe(1);
  });

  it('Ctrl+/ opens the shortcuts sheet as a modal dialog, Escape closes it and gives the caret back', async () => {
    const { a } = await twoEditors(stack);
    await a.focusEnd();
    await a.page.keyboard.press('Control+/');
    const sheet = a.page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await sheet.waitFor();
    expect(await sheet.evaluate((el) => el.contains(document.activeElement))).toBe(true);
    const entry = (label: string) =>
      sheet.locator('.tandem-shortcuts__entry', { has: a.page.locator('dt', { hasText: label }) }).locator('kbd');
    expect(await entry('Find and replace').textContent()).toBe('Ctrl+F');
    expect(await entry('Bold').textContent()).toBe('Ctrl+B');
    expect(await entry('Insert a block').textContent()).toBe('/');
    await a.page.keyboard.press('Escape');
    await sheet.waitFor({ state: 'detached' });
    expect(await a.content.evaluate((el) => el.contains(document.activeElement))).toBe(true);

    // The bar's button opens it too; Close closes it.
    await a.page.getByTestId('open-shortcuts').click();
    await sheet.waitFor();
    await a.page.getByTestId('shortcuts-close').click();
    await sheet.waitFor({ state: 'detached' });
  });
});
