import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { seriousAxeViolations } from './helpers/axe.js';
import { chromiumPath } from './helpers/chromium.js';
import { EditorPage } from './helpers/editorPage.js';
import { useBrowserStack } from './helpers/stack.js';

const executablePath = chromiumPath();
const SECRET = 'browser-import-export-secret-long-enough-hs256';
const ADA = { name: 'Ada Lovelace', color: '#e11d48' };

const MARKDOWN = [
  '# Trip plan',
  '',
  'Pack **light** and read [the guide](https://example.com/guide).',
  '',
  '- passport',
  '- tickets',
  '',
  '> Leave early.',
  '',
  '```',
  'npm start',
  '```',
  '',
].join('\n');

/** Picks `file` in the home page's Import and waits for the new document to open. */
async function importFile(page: Page, baseUrl: string, file: { name: string; mimeType: string; text: string }): Promise<EditorPage> {
  await page.goto(baseUrl);
  await page.getByTestId('import-file').setInputFiles({ name: file.name, mimeType: file.mimeType, buffer: Buffer.from(file.text) });
  await page.waitForURL(/\/d\/[a-z0-9-]+$/);
  const editor = new EditorPage(page, baseUrl);
  await editor.waitUntilSynced();
  return editor;
}

/** Clicks an entry of the export menu and reads the file the browser downloaded. */
async function exported(page: Page, entry: 'markdown' | 'html' | 'text'): Promise<{ name: string; text: string }> {
  await page.getByTestId('export-menu').click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(`export-${entry}`).click()]);
  const path = await download.path();
  return { name: download.suggestedFilename(), text: await readFile(path, 'utf8') };
}

describe.skipIf(executablePath === null)('import and export in the editor (Chromium)', () => {
  const stack = useBrowserStack(executablePath ?? '', import.meta.url, { env: { AUTH_SECRET: SECRET } });

  it('imports a Markdown file into a new document and exports it as Markdown, HTML and text; print opens the print dialog', async () => {
    const ada = await stack.openUser(ADA);
    const a = await importFile(ada.page, stack.app.url, { name: 'Trip_plan.md', mimeType: 'text/markdown', text: MARKDOWN });
    await a.waitForText('Pack light and read the guide.');
    expect(await a.title.inputValue()).toBe('Trip plan');
    expect(await a.content.locator('h1').textContent()).toBe('Trip plan');
    expect(await a.content.locator('strong').textContent()).toBe('light');
    expect(await a.content.locator('a[href="https://example.com/guide"]').count()).toBe(1);
    expect(await a.content.locator('ul > li').count()).toBe(2);
    expect(await a.content.locator('pre').textContent()).toBe('npm start');

    // Markdown out is what came in.
    const markdown = await exported(ada.page, 'markdown');
    expect(markdown).toEqual({ name: 'Trip plan.md', text: MARKDOWN });
    // What is typed afterwards is in the next export.
    await a.focusEnd();
    await ada.page.keyboard.type('Done.');
    expect((await exported(ada.page, 'markdown')).text).toBe(`${MARKDOWN.replace(/\n$/, '')}\n\nDone.\n`);

    // The open menu passes axe (light and dark).
    await ada.page.getByTestId('export-menu').click();
    await ada.page.getByTestId('export-options').waitFor();
    expect(await seriousAxeViolations(ada.page)).toEqual([]);
    await ada.page.emulateMedia({ colorScheme: 'dark' });
    expect(await seriousAxeViolations(ada.page)).toEqual([]);
    await ada.page.emulateMedia({ colorScheme: 'light' });
    await ada.page.keyboard.press('Escape');
    await ada.page.getByTestId('export-options').waitFor({ state: 'detached' });
    expect(await ada.page.getByTestId('export-menu').evaluate((button) => button === document.activeElement)).toBe(true);

    const html = await exported(ada.page, 'html');
    expect(html.name).toBe('Trip plan.html');
    expect(html.text).toMatch(/^<!doctype html>\n<html>\n<head>\n<meta charset="utf-8">\n<title>Trip plan<\/title>/);
    expect(html.text).toContain('<h1>Trip plan</h1>');
    expect(html.text).toContain('<a target="_blank" rel="noopener noreferrer nofollow" href="https://example.com/guide">the guide</a>');
    expect(html.text).toContain('<li><p>passport</p></li>');

    const text = await exported(ada.page, 'text');
    expect(text.name).toBe('Trip plan.txt');
    expect(text.text).toBe('Trip plan\n\nPack light and read the guide.\n\npassport\n\ntickets\n\nLeave early.\n\nnpm start\n\nDone.\n');

    // Print goes to the browser's print dialog (replaced here by a counter: headless Chromium has none).
    await ada.page.evaluate(() => {
      (window as unknown as { printed: number }).printed = 0;
      window.print = () => {
        (window as unknown as { printed: number }).printed++;
      };
    });
    await ada.page.getByTestId('export-menu').click();
    await ada.page.getByTestId('export-print').click();
    expect(await ada.page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);
    expect(await ada.page.getByTestId('export-options').count()).toBe(0);
  });

  it('imports HTML (its title, no scripts) and plain text; refuses other files and says why', async () => {
    const ada = await stack.openUser(ADA);
    const html = await importFile(ada.page, stack.app.url, {
      name: 'page.html',
      mimeType: 'text/html',
      text: '<!doctype html><html><head><title>Minutes</title><script>window.hacked = 1</script></head><body><h2>Agenda</h2><p>One <em>two</em></p><script>window.hacked = 2</script><img src="javascript:alert(1)"></body></html>',
    });
    await html.waitForText('AgendaOne two');
    expect(await html.title.inputValue()).toBe('Minutes');
    expect(await html.content.locator('h2').textContent()).toBe('Agenda');
    expect(await html.content.locator('em').textContent()).toBe('two');
    expect(await html.content.locator('img, script').count()).toBe(0);
    expect(await ada.page.evaluate(() => (window as unknown as { hacked?: number }).hacked)).toBeUndefined();

    const text = await importFile(ada.page, stack.app.url, {
      name: 'notes.txt',
      mimeType: 'text/plain',
      text: 'first line\n\nsecond <b>line</b>\n',
    });
    await text.waitForText('second <b>line</b>');
    expect(await text.title.inputValue()).toBe('notes');
    expect(await text.content.locator('p').count()).toBe(2);
    expect(await text.content.locator('b').count()).toBe(0);

    // Not a format the editor imports: said, and nothing is made.
    await ada.page.goto(stack.app.url);
    const urlBefore = ada.page.url();
    await ada.page
      .getByTestId('import-file')
      .setInputFiles({ name: 'scan.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.7') });
    const error = ada.page.getByTestId('import-error');
    await error.waitFor();
    expect(await error.textContent()).toContain('“scan.pdf” is not a Markdown, HTML or text file (.md, .html, .txt).');
    expect(ada.page.url()).toBe(urlBefore);
    expect(await seriousAxeViolations(ada.page)).toEqual([]);
  });
});
