import { describe, expect, it } from 'vitest';
import { chromiumPath } from './helpers/chromium.js';
import { selectLine, separateUndoSteps } from './helpers/richText.js';
import { useBrowserStack } from './helpers/stack.js';
import { twoEditors } from './helpers/twoEditors.js';

const executablePath = chromiumPath();

describe.skipIf(executablePath === null)('task lists, marks, alignment, dividers and tables (Chromium)', () => {
  const stack = useBrowserStack(executablePath ?? '', import.meta.url);

  it('nested task lists are checked by either editor, by mouse or Ctrl+Enter, and undo unchecks only your own', async () => {
    const { a, g } = await twoEditors(stack);
    await a.focusEnd();
    await a.page.getByTestId('toolbar-task-list').click();
    expect(await a.page.getByTestId('toolbar-task-list').getAttribute('aria-pressed')).toBe('true');
    await a.page.keyboard.type('Write tests');
    await a.page.keyboard.press('Enter');
    await a.page.keyboard.press('Tab'); // nests under "Write tests"
    await a.page.keyboard.type('Unit');
    await a.page.keyboard.press('Enter');
    await a.page.keyboard.press('Shift+Tab');
    await a.page.keyboard.type('Ship');

    // A task item is an <li data-checked> with a checkbox <label> and its text in a <div>.
    const item = (page: typeof g.page, text: string) =>
      page
        .locator('[data-testid="editor-content"] ul[data-type="taskList"] > li')
        .filter({ has: page.locator(':scope > div > p', { hasText: text }) });
    const nested = g.content.locator('ul[data-type="taskList"] li ul[data-type="taskList"] li', { hasText: 'Unit' });
    await nested.waitFor();
    await item(g.page, 'Ship').waitFor();
    expect(await g.content.locator('ul[data-type="taskList"] > li').count()).toBe(3);
    const checkbox = item(g.page, 'Unit').locator(':scope > label input[type="checkbox"]');
    expect(await checkbox.getAttribute('aria-label')).toContain('Unit');

    // Grace ticks "Unit" with the mouse; Ada ticks "Ship" from the keyboard.
    await checkbox.click();
    await item(a.page, 'Unit').and(a.page.locator('[data-checked="true"]')).waitFor();
    await separateUndoSteps(a.page);
    await a.page.keyboard.press('Control+Enter');
    await item(g.page, 'Ship').and(g.page.locator('[data-checked="true"]')).waitFor();
    expect(await item(g.page, 'Write tests').getAttribute('data-checked')).toBe('false');

    // Ada's undo unticks her task, not Grace's.
    await a.page.keyboard.press('Control+z');
    await item(g.page, 'Ship').and(g.page.locator('[data-checked="false"]')).waitFor();
    expect(await item(g.page, 'Unit').getAttribute('data-checked')).toBe('true');
    expect(await item(a.page, 'Unit').getAttribute('data-checked')).toBe('true');
  });

  it('underline, highlight, sub/superscript, alignment and dividers from toolbar and keyboard reach the other editor; undo removes only your own', async () => {
    const { a, g } = await twoEditors(stack);
    const lines: { text: string; apply: () => Promise<void>; selector: string }[] = [
      { text: 'Underlined words', apply: () => a.page.getByTestId('toolbar-underline').click(), selector: 'p > u' },
      { text: 'Underlined by key', apply: () => a.page.keyboard.press('Control+u'), selector: 'p > u' },
      { text: 'Highlighted words', apply: () => a.page.getByTestId('toolbar-highlight').click(), selector: 'p > mark' },
      { text: 'Highlighted by key', apply: () => a.page.keyboard.press('Control+Shift+h'), selector: 'p > mark' },
      { text: 'H2O', apply: () => a.page.getByTestId('toolbar-subscript').click(), selector: 'p > sub' },
      { text: 'E equals mc2', apply: () => a.page.keyboard.press('Control+.'), selector: 'p > sup' },
      {
        text: 'Centered line',
        apply: () => a.page.getByTestId('toolbar-align-center').click(),
        selector: 'p[style*="text-align: center"]',
      },
      { text: 'Right by key', apply: () => a.page.keyboard.press('Control+Shift+r'), selector: 'p[style*="text-align: right"]' },
    ];
    await a.focusEnd();
    for (const [index, { text }] of lines.entries()) {
      if (index > 0) await a.page.keyboard.press('Enter');
      await a.page.keyboard.insertText(text);
    }
    await g.waitForText('Right by key');
    for (const { text, apply } of lines) {
      await a.content.getByText(text, { exact: true }).click();
      await selectLine(a.page);
      await apply();
    }
    for (const { text, selector } of lines) await g.content.locator(selector, { hasText: text }).waitFor();
    expect(await a.page.getByTestId('toolbar-align-right').getAttribute('aria-pressed')).toBe('true');
    expect(await a.page.getByTestId('toolbar-align-left').getAttribute('aria-pressed')).toBe('false');

    // A divider from the toolbar; Grace writes below it; Ada's undo takes the divider away only.
    await separateUndoSteps(a.page);
    await a.page.keyboard.press('End');
    await a.page.getByTestId('toolbar-horizontal-rule').click();
    await g.content.locator('hr').waitFor();
    await g.focusEnd();
    await g.page.keyboard.type('Grace after the rule');
    await a.waitForText('Grace after the rule');
    await a.page.keyboard.press('Control+z');
    await g.content.locator('hr').waitFor({ state: 'detached' });
    expect(await g.text()).toContain('Grace after the rule');
    for (const { text, selector } of lines) expect(await g.content.locator(selector, { hasText: text }).count(), selector).toBe(1);
  });

  it('inserts a table, adds and removes rows and columns, toggles the header row and resizes a column; undo takes back only your own change', async () => {
    const { a, g } = await twoEditors(stack);
    await a.focusEnd();
    await a.page.getByTestId('toolbar-table').click();
    const table = g.content.locator('table');
    await table.waitFor();
    await expect.poll(() => table.locator('th').count()).toBe(3);
    expect(await table.locator('td').count()).toBe(6);
    await a.page.getByTestId('table-toolbar').waitFor();
    await a.page.keyboard.type('Name');
    await a.page.keyboard.press('Tab');
    await a.page.keyboard.type('Role');
    await table.locator('th', { hasText: 'Role' }).waitFor();

    const rows = () => table.locator('tr').count();
    const columns = () => table.locator('tr').first().locator('th, td').count();
    await a.page.getByTestId('toolbar-table-row-after').click();
    await expect.poll(rows).toBe(4);
    await a.page.getByTestId('toolbar-table-column-after').click();
    await expect.poll(columns).toBe(4);
    await a.page.getByTestId('toolbar-table-column-delete').click();
    await expect.poll(columns).toBe(3);
    await a.content.locator('tr').last().locator('td').first().click();
    await a.page.getByTestId('toolbar-table-row-delete').click();
    await expect.poll(rows).toBe(3);
    // The column added and the one deleted were both at the caret, in "Role"'s column; the row deleted was the last.
    expect(await table.locator('th', { hasText: 'Name' }).count()).toBe(1);
    await a.content.locator('th', { hasText: 'Name' }).click();
    const header = a.page.getByTestId('toolbar-table-header-row');
    expect(await header.getAttribute('aria-pressed')).toBe('true');
    await header.click();
    await expect.poll(() => table.locator('th').count()).toBe(0);
    await header.click();
    await expect.poll(() => table.locator('th').count()).toBe(3);

    // Drag the border between the first two columns 80px to the right.
    const first = a.content.locator('th').first();
    const box = await first.boundingBox();
    if (box === null) throw new Error('no header cell box');
    await a.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await a.page.mouse.move(box.x + box.width - 2, box.y + box.height / 2, { steps: 3 });
    await first.locator('.column-resize-handle').waitFor({ timeout: 5000 });
    await a.page.mouse.down();
    await a.page.mouse.move(box.x + box.width + 40, box.y + box.height / 2, { steps: 4 });
    await a.page.mouse.move(box.x + box.width + 78, box.y + box.height / 2, { steps: 4 });
    await a.page.mouse.up();
    await expect
      .poll(async () => Number((await table.locator('th').first().getAttribute('colwidth')) ?? 0))
      .toBeGreaterThan(box.width + 60);
    const colwidth = Number(await table.locator('th').first().getAttribute('colwidth'));
    expect(colwidth).toBeLessThan(box.width + 100);

    // Grace writes in a cell; Ada adds a column and undoes it: Grace's words stay.
    await g.content.locator('td').first().click();
    await g.page.keyboard.type('Grace');
    await a.content.locator('td', { hasText: 'Grace' }).waitFor();
    await a.content.locator('th', { hasText: 'Name' }).click();
    await separateUndoSteps(a.page);
    await a.page.getByTestId('toolbar-table-column-after').click();
    await expect.poll(columns).toBe(4);
    await a.page.keyboard.press('Control+z');
    await expect.poll(columns).toBe(3);
    expect(await table.locator('td', { hasText: 'Grace' }).count()).toBe(1);
    expect(Number(await table.locator('th').first().getAttribute('colwidth'))).toBe(colwidth);
  });
  it('counts words and characters live for both people, and the Saved badge settles once instead of flickering while typing', async () => {
    const { a, g } = await twoEditors(stack);
    await a.waitUntilSaved();
    // Every value the badge shows while Ada types, in order.
    await a.page.evaluate(() => {
      const badge = document.querySelector('[data-testid="status-badge"]');
      const seen: string[] = [];
      (window as unknown as { badgeSeen: string[] }).badgeSeen = seen;
      new MutationObserver(() => {
        const shown = badge?.getAttribute('data-shown') ?? '';
        if (seen[seen.length - 1] !== shown) seen.push(shown);
      }).observe(badge as Element, { attributes: true, attributeFilter: ['data-shown'] });
    });
    await a.focusEnd();
    await a.page.keyboard.type('One two three four five six seven eight', { delay: 40 });
    await a.waitUntilSaved();
    const seen = await a.page.evaluate(() => (window as unknown as { badgeSeen: string[] }).badgeSeen);
    expect(seen).toEqual(['saving', 'saved']);

    const count = g.page.getByTestId('word-count');
    await expect.poll(() => count.getAttribute('data-words')).toBe('8');
    expect(await count.getAttribute('data-characters')).toBe(String('One two three four five six seven eight'.length));
    expect(await count.textContent()).toBe('8 words · 39 characters');
    await g.focusEnd();
    await g.page.keyboard.type(' nine');
    await expect.poll(() => a.page.getByTestId('word-count').textContent()).toBe('9 words · 44 characters');
  });
});
