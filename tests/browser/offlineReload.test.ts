import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chromiumPath } from './helpers/chromium.js';
import { EditorPage } from './helpers/editorPage.js';
import { useBrowserStack } from './helpers/stack.js';
import { ADA, GRACE } from './helpers/twoEditors.js';

const executablePath = chromiumPath();

/** The service worker controls the page and keeps a copy of each of `paths`. */
async function waitUntilKeptOffline(page: Page, paths: string[]): Promise<void> {
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  await expect
    .poll(
      () =>
        page.evaluate(async (wanted) => {
          const pages = await caches.open('tandem-pages');
          const kept = await Promise.all(wanted.map(async (path) => (await pages.match(path, { ignoreVary: true })) !== undefined));
          return kept.every(Boolean);
        }, paths),
      { timeout: 15_000 },
    )
    .toBe(true);
}

const row = (page: Page, docId: string) => page.locator(`[data-testid="doc-row"][data-doc="${docId}"]`);

describe.skipIf(executablePath === null)('offline reload: the app opens and works without a network (Chromium)', () => {
  const stack = useBrowserStack(executablePath ?? '', import.meta.url);

  it('the document page and the list open offline after a reload; edits made then are marked in the list and reach the other person once back online', async () => {
    // Ada opens the list and creates a document; Grace opens it too.
    const ada = await stack.openUser(ADA);
    await ada.page.goto(stack.app.url);
    await ada.page.getByTestId('new-document').click();
    await ada.page.waitForURL(/\/d\/[a-z0-9-]+$/);
    const docId = decodeURIComponent(new URL(ada.page.url()).pathname.slice('/d/'.length));
    const a = new EditorPage(ada.page, stack.app.url);
    await a.waitUntilSynced();
    await a.title.fill('Field notes');
    await a.focusEnd();
    await ada.page.keyboard.type('Written online.');
    await a.waitUntilSaved();
    const grace = await stack.openUser(GRACE);
    const g = new EditorPage(grace.page, stack.app.url);
    await g.openDoc(docId);
    await g.waitForText('Written online.');
    await waitUntilKeptOffline(ada.page, ['/', `/d/${docId}`]);

    // Offline, Ada reloads: the page opens from the service worker, the text from IndexedDB; she edits.
    await ada.context.setOffline(true);
    await ada.page.reload();
    await a.waitForText('Written online.');
    await ada.page.locator('[data-testid="offline-banner"][data-cause="network"]').waitFor();
    expect(await a.title.inputValue()).toBe('Field notes');
    await a.focusEnd();
    await ada.page.keyboard.type(' Written offline.');
    await a.waitForText('Written online. Written offline.');
    await a.waitForStatus('offline');
    // Grace writes meanwhile.
    await g.focusEnd();
    await grace.page.keyboard.press('Enter');
    await grace.page.keyboard.type('Grace was here.');

    // The list opens offline too, from what this device knows, and marks the document. (Leaving
    // with edits not on the server asks first: she leaves.)
    ada.page.on('dialog', (dialog) => void dialog.accept());
    await ada.page.getByTestId('back-to-list').click();
    await row(ada.page, docId).waitFor();
    expect(await row(ada.page, docId).getByTestId('doc-row-title').textContent()).toBe('Field notes');
    await row(ada.page, docId).getByTestId('doc-row-unsynced').waitFor();
    // Reloaded offline, still there.
    await ada.page.reload();
    await row(ada.page, docId).getByTestId('doc-row-unsynced').waitFor();

    // Back to the document (offline), then online: the edit reaches Grace, hers reaches Ada, the mark goes.
    await row(ada.page, docId).click();
    await a.waitForText('Written offline.');
    await ada.context.setOffline(false);
    await g.waitForText('Written online. Written offline.', 20_000);
    await a.waitForText('Grace was here.', 20_000);
    await a.waitUntilSaved(20_000);
    expect(await a.text()).toBe(await g.text());
    await ada.page.getByTestId('back-to-list').click();
    await row(ada.page, docId).waitFor();
    await expect.poll(() => row(ada.page, docId).getByTestId('doc-row-unsynced').count()).toBe(0);
  });
});
