import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chromiumPath } from './helpers/chromium.js';
import { EditorPage } from './helpers/editorPage.js';
import { useBrowserStack } from './helpers/stack.js';
import { ADA, GRACE, twoEditors } from './helpers/twoEditors.js';

const executablePath = chromiumPath();

/** Each avatar's name and the colour it is painted in, as `name → colour`. */
async function avatarColors(page: Page): Promise<Record<string, string>> {
  return page.evaluate(() =>
    Object.fromEntries(
      [...document.querySelectorAll<HTMLElement>('[data-testid="presence-person"]')].map((el) => [
        el.dataset.name,
        el.style.getPropertyValue('--tandem-person-color').toLowerCase(),
      ]),
    ),
  );
}

describe.skipIf(executablePath === null)('presence: one person per identity, distinct colours (Chromium)', () => {
  const stack = useBrowserStack(executablePath ?? '', import.meta.url);

  it('the same person in two tabs is one avatar, arriving and leaving silently; closing one tab keeps them present', async () => {
    const { docId, ada, a, g } = await twoEditors(stack);
    await g.presencePerson(ADA.name).waitFor();
    // Every join/leave notice Grace gets from now on.
    await g.page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { noticesSeen: string[] }).noticesSeen = seen;
      new MutationObserver((records) => {
        for (const record of records) for (const node of record.addedNodes) seen.push(node.textContent ?? '');
      }).observe(document.querySelector('[data-testid="presence-notices"]') as Element, { childList: true });
    });
    // A second tab of Ada's, in her browser (same identity).
    const second = new EditorPage(await ada.context.newPage(), stack.app.url);
    await second.openDoc(docId);
    await second.waitUntilSynced();
    await g.page.locator(`[data-testid="presence-person"][data-name="${ADA.name}"][data-tabs="2"]`).waitFor();
    expect(await g.page.getByTestId('presence-person').count()).toBe(2);
    expect(await g.presencePerson(ADA.name).getAttribute('aria-label')).toBe('Ada Lovelace · 2 tabs');
    // In each of her tabs she is herself, once.
    for (const tab of [a, second]) {
      await tab.page.locator(`[data-testid="presence-person"][data-name="${ADA.name}"][data-self][data-tabs="2"]`).waitFor();
      expect(await tab.page.getByTestId('presence-person').count()).toBe(2);
    }
    // Typing in her second tab shows as Ada typing.
    await second.focusEnd();
    await second.page.keyboard.type('From the second tab.');
    await g.typing.filter({ hasText: 'Ada Lovelace is typing…' }).waitFor();

    await second.page.close({ runBeforeUnload: false });
    await g.page.locator(`[data-testid="presence-person"][data-name="${ADA.name}"][data-tabs="1"]`).waitFor();
    expect(await g.page.evaluate(() => (window as unknown as { noticesSeen: string[] }).noticesSeen)).toEqual([]);
  });

  it('two people who chose the same colour are shown in different colours, everywhere, carets included', async () => {
    const { docId, a, g } = await twoEditors(stack);
    const linus = await stack.openUser({ name: 'Linus Torvalds', color: ADA.color });
    const l = new EditorPage(linus.page, stack.app.url);
    await l.openDoc(docId);
    await l.waitUntilSynced();
    for (const page of [a.page, g.page, l.page]) {
      await expect
        .poll(async () => {
          const colors = await avatarColors(page);
          return Object.keys(colors).length === 3 && new Set(Object.values(colors)).size === 3;
        })
        .toBe(true);
    }
    const colors = await avatarColors(g.page);
    expect(colors[GRACE.name]).toBe(GRACE.color);
    // One of the two keeps the colour they chose.
    expect([colors[ADA.name], colors['Linus Torvalds']]).toContain(ADA.color);
    // Everyone sees the same colours.
    expect(await avatarColors(a.page)).toEqual(colors);
    expect(await avatarColors(l.page)).toEqual(colors);

    // Their carets on Grace's screen are painted in those colours.
    await a.focusEnd();
    await a.page.keyboard.type('Ada here.');
    await l.content.click();
    await l.page.keyboard.press('Control+Home');
    await l.page.keyboard.type('Linus here. ');
    for (const name of [ADA.name, 'Linus Torvalds']) {
      await expect.poll(() => g.remoteCaret(name).getAttribute('data-color')).toBe(colors[name]);
    }
  });
});
