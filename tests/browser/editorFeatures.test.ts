import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chromiumPath } from './helpers/chromium.js';
import { EditorPage } from './helpers/editorPage.js';
import { useBrowserStack } from './helpers/stack.js';
import { ADA, GRACE, twoEditors as openTwoEditors } from './helpers/twoEditors.js';

const executablePath = chromiumPath();

/** The toolbar buttons that show an active state (aria-pressed), by their data-testid suffix. */
const TOGGLES = ['h1', 'h2', 'h3', 'bold', 'italic', 'strike', 'code', 'bullet-list', 'ordered-list', 'blockquote', 'code-block'] as const;
type Toggle = (typeof TOGGLES)[number];

/** Every toggle's aria-pressed, e.g. { h1: 'false', italic: 'true', … }. */
async function pressedStates(page: Page): Promise<Record<string, string | null>> {
  return page.evaluate(
    (ids) => {
      const states: Record<string, string | null> = {};
      for (const id of ids) states[id] = document.querySelector(`[data-testid="toolbar-${id}"]`)?.getAttribute('aria-pressed') ?? null;
      return states;
    },
    TOGGLES as readonly string[],
  );
}

/** `active` pressed, every other toggle not. */
function onlyPressed(...active: Toggle[]): Record<string, string> {
  return Object.fromEntries(TOGGLES.map((id) => [id, active.includes(id) ? 'true' : 'false']));
}

/** Runs in the page: an element's text without remote carets' name labels. */
function ownText(element: Element): string {
  const copy = element.cloneNode(true) as Element;
  for (const caret of copy.querySelectorAll('.collaboration-carets__caret')) caret.remove();
  return copy.textContent ?? '';
}

/** CSS `rgb(…)` for a `#rrggbb` colour, as getComputedStyle reports it. */
function rgb(hex: string): string {
  const [r, g, b] = [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16));
  return `rgb(${r}, ${g}, ${b})`;
}

/** In the open identity dialog: enter `identity`, save, and wait for the dialog to close. */
async function saveIdentity(page: Page, identity: { name: string; color: string }): Promise<void> {
  const dialog = page.getByTestId('identity-dialog');
  await dialog.waitFor();
  await page.getByTestId('identity-name').fill(identity.name);
  await dialog.locator(`[data-testid="identity-color"][value="${identity.color}"]`).check();
  await page.getByTestId('identity-save').click();
  await dialog.waitFor({ state: 'detached' });
}

describe.skipIf(executablePath === null)('toolbar, copy link and identity changes (Chromium)', () => {
  const stack = useBrowserStack(executablePath ?? '', import.meta.url);

  const twoEditors = () => openTwoEditors(stack);

  it('applies every mark and block type from the toolbar, shows it to the other person, and the buttons follow the selection', async () => {
    const { a, g } = await twoEditors();

    // One line per button; each is then selected and formatted from the toolbar.
    const lines: { text: string; button: Toggle; selector: string }[] = [
      { text: 'Slanted words', button: 'italic', selector: 'p > em' },
      { text: 'Struck words', button: 'strike', selector: 'p > s' },
      { text: 'Snippet words', button: 'code', selector: 'p > code' },
      { text: 'Second level', button: 'h2', selector: 'h2' },
      { text: 'Third level', button: 'h3', selector: 'h3' },
      { text: 'Bullet item', button: 'bullet-list', selector: 'ul > li' },
      { text: 'Numbered item', button: 'ordered-list', selector: 'ol > li' },
      { text: 'Quoted line', button: 'blockquote', selector: 'blockquote > p' },
      { text: 'const answer = 42;', button: 'code-block', selector: 'pre > code' },
    ];
    await a.focusEnd();
    for (const [index, { text }] of lines.entries()) {
      if (index > 0) await a.page.keyboard.press('Enter');
      await a.page.keyboard.insertText(text);
    }
    await g.waitForText('const answer = 42;');
    await expect.poll(() => pressedStates(a.page)).toEqual(onlyPressed());

    for (const { text, button } of lines) {
      await a.content.getByText(text, { exact: true }).click();
      await a.page.keyboard.press('Home');
      await a.page.keyboard.press('Shift+End');
      await a.page.getByTestId(`toolbar-${button}`).click();
      await expect.poll(() => pressedStates(a.page), { message: `${button} on "${text}"` }).toEqual(onlyPressed(button));
    }

    // Grace gets the same structure, and her toolbar follows her caret through it.
    for (const { text, button, selector } of lines) {
      const element = g.content.locator(selector, { hasText: text });
      await element.waitFor();
      expect(await element.evaluate(ownText)).toBe(text);
      await element.click();
      await expect.poll(() => pressedStates(g.page), { message: `Grace's toolbar in "${text}"` }).toEqual(onlyPressed(button));
    }
    // Nothing else picked up formatting: exactly one of each.
    for (const { selector } of lines) expect(await g.content.locator(selector).count(), selector).toBe(1);

    // Toggling off works too, and reaches Grace: the quote goes back to a plain paragraph.
    await a.content.locator('blockquote').click();
    await a.page.getByTestId('toolbar-blockquote').click();
    await expect.poll(() => pressedStates(a.page)).toEqual(onlyPressed());
    await g.content.locator('blockquote').waitFor({ state: 'detached' });
    await g.content.locator('p', { hasText: 'Quoted line' }).waitFor();
  });

  it('copies the document’s address with the copy-link button, and the link opens the same document', async () => {
    const docId = stack.newDocId();
    const ada = await stack.openUser(ADA);
    await ada.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: stack.app.url });
    const a = new EditorPage(ada.page, stack.app.url);
    await a.openDoc(docId);
    await a.waitUntilSynced();
    await a.focusEnd();
    await a.page.keyboard.type('Shared by link.');
    await a.waitUntilSaved();

    const button = a.page.getByTestId('copy-link');
    expect(await button.getAttribute('data-state')).toBe('idle');
    expect(await button.getAttribute('data-link')).toBeNull(); // open mode: the page's own address
    await a.page.evaluate(() => navigator.clipboard.writeText('something else'));
    await button.click();
    await a.page.locator('[data-testid="copy-link"][data-state="copied"]').waitFor();
    expect(await button.textContent()).toBe('Link copied');
    const copied = await a.page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe(`${stack.app.url}/d/${docId}`);
    // "Link copied" is shown for a moment, then the button is back to its label.
    await a.page.locator('[data-testid="copy-link"][data-state="idle"]').waitFor({ timeout: 5000 });
    expect(await button.textContent()).toBe('Copy link');

    // Grace opens the copied link and lands in the same document.
    const grace = await stack.openUser(GRACE);
    await grace.page.goto(copied);
    const g = new EditorPage(grace.page, stack.app.url);
    await g.waitUntilSynced();
    await g.waitForText('Shared by link.');
  });

  /** Ada and Grace on one doc; Ada has typed `text`, and Grace sees it and Ada's caret. */
  async function adaTypedWithCaret(text: string) {
    const editors = await twoEditors();
    await editors.a.focusEnd();
    await editors.a.page.keyboard.type(text);
    await editors.g.waitForText(text);
    await editors.g.remoteCaret(ADA.name).waitFor();
    return editors;
  }

  it('a new name and colour from the identity dialog reach the other person’s presence list and caret', async () => {
    const { ada, a, g } = await adaTypedWithCaret('Before the change.');
    const NEW = { name: 'Countess Ada', color: '#7c3aed' };
    const before = g.presencePerson(ADA.name);
    await before.waitFor();
    expect(await before.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe(rgb(ADA.color));

    // Ada opens the dialog from her avatar: it starts from her current name and colour.
    await ada.page.getByTestId('identity-button').click();
    const dialog = ada.page.getByTestId('identity-dialog');
    await dialog.waitFor();
    expect(await ada.page.getByTestId('identity-name').inputValue()).toBe(ADA.name);
    expect(await dialog.locator(`[data-testid="identity-color"][value="${ADA.color}"]`).isChecked()).toBe(true);
    await saveIdentity(ada.page, NEW);
    await ada.page.getByTestId('identity-button').filter({ hasText: NEW.name }).waitFor();
    // Kept in her account: another device of hers signs in with them.
    const laptop = await stack.openUserAgain(ADA.name);
    await laptop.page.goto(stack.app.url);
    await laptop.page.getByTestId('identity-button').filter({ hasText: NEW.name }).waitFor();
    await laptop.closePage();
    await a.presencePerson(NEW.name).and(a.page.locator('[data-self]')).waitFor();

    // Grace's presence list: the new name (hover text included) in the new colour, the old name gone.
    const after = g.presencePerson(NEW.name);
    await after.waitFor();
    await g.presencePerson(ADA.name).waitFor({ state: 'detached' });
    expect(await after.getAttribute('title')).toMatch(new RegExp(`^${NEW.name}( · typing)?$`));
    expect(await after.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe(rgb(NEW.color));
    expect(await g.page.getByTestId('presence-person').count()).toBe(2);

    // Ada goes back to the text: her caret on Grace's screen carries the new name and colour.
    await a.focusEnd();
    await a.page.keyboard.type(' After.');
    await g.waitForText('Before the change. After.');
    const caret = g.remoteCaret(NEW.name);
    await caret.waitFor();
    const label = caret.locator('.collaboration-carets__label');
    expect(await label.textContent()).toBe(NEW.name);
    expect(await label.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe(rgb(NEW.color));
    expect(await g.remoteCaret(ADA.name).count()).toBe(0);
    await g.typing.filter({ hasText: `${NEW.name} is typing…` }).waitFor();
  });

  it('repaints a caret on the other screen when its owner changes name and colour in another tab, without moving it', async () => {
    const { ada, g } = await adaTypedWithCaret('The caret stays here.');
    const NEW = { name: 'Countess Ada', color: '#7c3aed' };

    // A second tab of Ada's (same browser profile) changes her name and colour; the first tab, whose
    // caret Grace sees, hears of it from that tab (a BroadcastChannel) and never moves its caret.
    const settings = await ada.page.context().newPage();
    await settings.goto(stack.app.url);
    await settings.getByTestId('identity-button').click();
    await saveIdentity(settings, NEW);

    const caret = g.remoteCaret(NEW.name);
    await caret.waitFor();
    const label = caret.locator('.collaboration-carets__label');
    expect(await label.textContent()).toBe(NEW.name);
    await expect.poll(() => label.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe(rgb(NEW.color));
    expect(await g.remoteCaret(ADA.name).count()).toBe(0);
  });
});
