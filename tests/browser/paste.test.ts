import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chromiumPath } from './helpers/chromium.js';
import { separateUndoSteps } from './helpers/richText.js';
import { useBrowserStack } from './helpers/stack.js';
import { twoEditors } from './helpers/twoEditors.js';

const executablePath = chromiumPath();

const MARKDOWN = [
  '## Launch plan',
  '',
  'Ship **on Friday**, see [the brief](https://example.com/brief) and [this](javascript:alert(1)); run `npm test` first.',
  '',
  '- write the notes',
  '- review them',
  '',
  '1. first',
  '2. second',
  '',
  '- [ ] book the room',
  '- [x] send the invite',
  '',
  '> Quoted wisdom',
  '',
  '```',
  'const answer = 42;',
  '```',
].join('\n');

/** The text of each element `locator` matches, without the name labels of remote carets. */
function texts(locator: Locator): Promise<string[]> {
  return locator.evaluateAll((elements) =>
    elements.map((element) => {
      const copy = element.cloneNode(true) as Element;
      for (const caret of copy.querySelectorAll('.collaboration-carets__caret')) caret.remove();
      return copy.textContent ?? '';
    }),
  );
}

/** Puts `text` on the system clipboard, as copying it in another app would. */
async function copyText(page: Page, text: string): Promise<void> {
  await page.evaluate((value) => navigator.clipboard.writeText(value), text);
}

/** Dispatches a paste event into the editor carrying these clipboard types, as a paste from another app does. */
async function pasteData(page: Page, data: Record<string, string>): Promise<void> {
  await page.evaluate((types) => {
    const target = document.querySelector('[data-testid="editor-content"]');
    if (target === null) throw new Error('no editor');
    const clipboardData = new DataTransfer();
    for (const [type, value] of Object.entries(types)) clipboardData.setData(type, value);
    target.dispatchEvent(new ClipboardEvent('paste', { clipboardData, bubbles: true, cancelable: true }));
  }, data);
}

describe.skipIf(executablePath === null)(
  'paste: Markdown becomes structure, Ctrl+Shift+V stays plain, HTML keeps what the schema holds (Chromium)',
  () => {
    const stack = useBrowserStack(executablePath ?? '', import.meta.url);

    it('Markdown pasted as text becomes headings, lists, tasks, quotes, code, bold and safe links for both; one undo takes it back', async () => {
      const { ada, a, g } = await twoEditors(stack);
      await ada.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: stack.app.url });
      await g.focusEnd();
      await g.page.keyboard.type('Grace was here.');
      await a.waitForText('Grace was here.');

      await a.focusEnd();
      // The caret after Grace's sentence, whatever a click at the end landed on under load.
      await a.page.keyboard.press('Control+End');
      await a.page.keyboard.press('Enter');
      await separateUndoSteps(a.page);
      await copyText(a.page, MARKDOWN);
      await a.page.keyboard.press('Control+v');

      const content = g.content;
      await content.locator('h2', { hasText: 'Launch plan' }).waitFor();
      expect(await texts(content.locator('p strong'))).toEqual(['on Friday']);
      expect(await content.locator('a', { hasText: 'the brief' }).getAttribute('href')).toBe('https://example.com/brief');
      // The javascript: link keeps its text and loses the link.
      expect(await content.locator('a', { hasText: 'this' }).count()).toBe(0);
      expect(await content.locator('p', { hasText: 'and this;' }).count()).toBe(1);
      expect(await texts(content.locator('p code'))).toEqual(['npm test']);
      expect(await texts(content.locator('ul:not([data-type]) > li'))).toEqual(['write the notes', 'review them']);
      expect(await texts(content.locator('ol > li'))).toEqual(['first', 'second']);
      expect(
        await content.locator('ul[data-type="taskList"] > li').evaluateAll((items) => items.map((li) => li.getAttribute('data-checked'))),
      ).toEqual(['false', 'true']);
      expect(await texts(content.locator('blockquote'))).toEqual(['Quoted wisdom']);
      expect(await texts(content.locator('pre code'))).toEqual(['const answer = 42;']);
      expect(await content.textContent()).not.toContain('**');

      // Ada's undo takes back the paste as one step, and leaves Grace's sentence.
      await a.page.keyboard.press('Control+z');
      await g.waitForTextGone('Launch plan');
      await g.waitForTextGone('Quoted wisdom');
      expect(await g.text()).toContain('Grace was here.');
    });

    it('Ctrl+Shift+V pastes the same Markdown as plain text, marks and all', async () => {
      const { ada, a, g } = await twoEditors(stack);
      await ada.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: stack.app.url });
      await a.focusEnd();
      await copyText(a.page, '## Not a heading with **stars**');
      await a.page.keyboard.press('Control+Shift+v');
      await g.waitForText('## Not a heading with **stars**');
      expect(await g.content.locator('h2').count()).toBe(0);
      expect(await g.content.locator('strong').count()).toBe(0);
    });

    it('HTML from another app keeps headings, marks, safe links, tables and tasks, and drops scripts, styles, frames and unsafe links', async () => {
      const { a, g } = await twoEditors(stack);
      await a.focusEnd();
      await pasteData(a.page, {
        'text/plain': 'Imported',
        'text/html': [
          '<meta charset="utf-8"><h3>Imported</h3>',
          '<p>A <strong>bold</strong> <span style="color: red; font-size: 40px">red</span> <a href="https://example.org/">link</a> and <a href="javascript:alert(1)">evil</a>.</p>',
          '<script>window.pwned = true</script><iframe src="https://example.com/"></iframe>',
          '<table><tr><th>Name</th><th>Role</th></tr><tr><td>Ada</td><td>Engine</td></tr></table>',
          '<ul data-type="taskList"><li data-type="taskItem" data-checked="true"><p>Done already</p></li></ul>',
        ].join(''),
      });
      const content = g.content;
      await content.locator('h3', { hasText: 'Imported' }).waitFor();
      expect(await texts(content.locator('strong'))).toEqual(['bold']);
      expect(await content.locator('a').evaluateAll((links) => links.map((link) => [link.textContent, link.getAttribute('href')]))).toEqual(
        [['link', 'https://example.org/']],
      );
      expect(await content.locator('p', { hasText: 'and evil.' }).count()).toBe(1);
      // Only the table's own column widths carry a style; the pasted colour and size are gone.
      const styles = await content
        .locator('[style]:not([data-testid="remote-caret"])')
        .evaluateAll((elements) => elements.map((element) => element.getAttribute('style') ?? ''));
      expect(styles.filter((style) => /(^|;)\s*(color|font-size)\s*:/.test(style))).toEqual([]);
      expect(await content.locator('script, iframe').count()).toBe(0);
      expect(await texts(content.locator('table th'))).toEqual(['Name', 'Role']);
      expect(await texts(content.locator('table td'))).toEqual(['Ada', 'Engine']);
      await content.locator('ul[data-type="taskList"] > li[data-checked="true"]', { hasText: 'Done already' }).waitFor();
      expect(await a.page.evaluate(() => 'pwned' in window)).toBe(false);
    });

    it('Markdown source copied from a code editor (coloured spans, no structure) becomes structure too', async () => {
      const { a, g } = await twoEditors(stack);
      await a.focusEnd();
      await pasteData(a.page, {
        'text/plain': '# From the editor\n\n- a point',
        'text/html':
          '<meta charset="utf-8"><div style="color: #d4d4d4;"><div><span style="color: #569cd6;"># From the editor</span></div><br><div><span>- a point</span></div></div>',
      });
      await g.content.locator('h1', { hasText: 'From the editor' }).waitFor();
      expect(await texts(g.content.locator('ul > li'))).toEqual(['a point']);
    });
  },
);
