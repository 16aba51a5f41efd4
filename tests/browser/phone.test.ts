import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chromiumPath } from './helpers/chromium.js';
import { EditorPage } from './helpers/editorPage.js';
import { useBrowserStack } from './helpers/stack.js';
import { ADA, GRACE } from './helpers/twoEditors.js';

const executablePath = chromiumPath();
const SECRET = 'browser-suite-secret-that-is-long-enough-for-hs256';
const PHONE = { width: 390, height: 844 };
/** The smallest touch target the toolbar and header offer on a phone (Apple's and WCAG AAA's 44 px). */
const TOUCH_TARGET = 44;

/** How far the page can scroll sideways (0: not at all). */
const sidewaysScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

interface Box {
  name: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

async function box(name: string, locator: Locator): Promise<Box> {
  const found = await locator.boundingBox();
  if (found === null) throw new Error(`${name} is not on screen`);
  return { name, ...found };
}

/** Pairs of boxes that overlap, as "a × b". */
function overlaps(boxes: Box[]): string[] {
  const found: string[] = [];
  for (const [i, a] of boxes.entries()) {
    for (const b of boxes.slice(i + 1)) {
      const apart = a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
      if (!apart) found.push(`${a.name} × ${b.name}`);
    }
  }
  return found;
}

describe.skipIf(executablePath === null)('a 390-pixel phone (Chromium)', () => {
  // Auth on: the document header then has the most to hold (the Share button).
  const stack = useBrowserStack(executablePath ?? '', import.meta.url, { env: { AUTH_SECRET: SECRET } });

  it('nothing overflows sideways, the header holds everything without overlap, the toolbar scrolls and its buttons are touch-sized', async () => {
    const ada = await stack.openUser(ADA);
    await ada.page.setViewportSize(PHONE);
    await ada.page.goto(stack.app.url);
    await ada.page.getByTestId('new-document').waitFor();
    expect(await sidewaysScroll(ada.page)).toBe(0);

    await ada.page.getByTestId('new-document').click();
    await ada.page.waitForURL(/\/d\/[a-z0-9-]+$/);
    const a = new EditorPage(ada.page, stack.app.url);
    await a.waitUntilSynced();
    await ada.page.getByTestId('share-open').waitFor();

    // The header: every control on screen, none covering another, each a touch target.
    const header = [
      await box('breadcrumb', ada.page.getByTestId('back-to-list')),
      await box('share', ada.page.getByTestId('share-open')),
      await box('theme', ada.page.getByTestId('theme-button')),
      await box('identity', ada.page.getByTestId('identity-button')),
    ];
    for (const item of header) {
      expect(item.x, item.name).toBeGreaterThanOrEqual(0);
      expect(item.x + item.width, item.name).toBeLessThanOrEqual(PHONE.width);
    }
    expect(overlaps(header)).toEqual([]);
    for (const item of header.slice(1)) expect(item.height, item.name).toBeGreaterThanOrEqual(TOUCH_TARGET);

    // The editor's bar: the avatar and the status stay on screen; the toolbar scrolls sideways.
    const bar = [await box('avatar', a.presencePerson(ADA.name)), await box('status', a.status)];
    for (const item of bar) expect(item.x + item.width, item.name).toBeLessThanOrEqual(PHONE.width);
    const toolbar = ada.page.getByTestId('toolbar');
    const scroller = await toolbar.evaluate((el) => ({
      overflow: getComputedStyle(el).overflowX,
      scrollable: el.scrollWidth > el.clientWidth,
    }));
    expect(scroller).toEqual({ overflow: 'auto', scrollable: true });
    const sizes = await toolbar.locator('button').evaluateAll((buttons) => buttons.map((b) => Math.min(b.clientWidth, b.clientHeight)));
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(TOUCH_TARGET);

    // The last button is reachable by scrolling the toolbar, and works.
    const last = ada.page.getByTestId('toolbar-align-justify');
    await last.scrollIntoViewIfNeeded();
    expect((await box('justify', last)).x + TOUCH_TARGET).toBeLessThanOrEqual(PHONE.width);
    await a.focusEnd();
    await ada.page.keyboard.type(
      'Written on a phone, with a long address https://example.com/a/very/long/path/that/does/not/break/anywhere/at/all ',
    );
    await last.click();
    await a.content.locator('p[style*="text-align: justify"]').waitFor();

    // A wide table and an unbreakable address: still nothing sideways (the table scrolls in its own box).
    await ada.page.keyboard.press('Enter');
    await ada.page.getByTestId('toolbar-table').scrollIntoViewIfNeeded();
    await ada.page.getByTestId('toolbar-table').click();
    for (let column = 0; column < 4; column += 1) await ada.page.getByTestId('toolbar-table-column-after').click();
    await a.content.locator('table tr:first-child > *:nth-child(7)').waitFor();
    expect(await sidewaysScroll(ada.page)).toBe(0);

    // A colleague on a desktop sees it.
    const docId = decodeURIComponent(new URL(ada.page.url()).pathname.slice('/d/'.length));
    const grace = await stack.openUser(GRACE);
    const g = new EditorPage(grace.page, stack.app.url);
    await g.openDoc(docId);
    await g.waitUntilSynced();
    await g.waitForText('Written on a phone');
    await a.presencePerson(GRACE.name).waitFor();
    expect(await sidewaysScroll(ada.page)).toBe(0);
  });
});
