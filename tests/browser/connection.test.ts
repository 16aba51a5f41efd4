import type { Dialog, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chromiumPath } from './helpers/chromium.js';
import { useBrowserStack } from './helpers/stack.js';
import { twoEditors } from './helpers/twoEditors.js';

const executablePath = chromiumPath();

/** Asks the page to close as a person closing the tab would; resolves with the beforeunload dialog, which is dismissed (the tab stays). */
async function closeExpectingWarning(page: Page): Promise<Dialog> {
  const dialog = new Promise<Dialog>((resolve, reject) => {
    page.once('dialog', resolve);
    page.once('close', () => reject(new Error('the tab closed without asking, though edits were not stored')));
  });
  await page.close({ runBeforeUnload: true });
  const shown = await dialog;
  await shown.dismiss();
  return shown;
}

describe.skipIf(executablePath === null)('connection honesty: offline banners and the unsaved-changes warning (Chromium)', () => {
  const stack = useBrowserStack(executablePath ?? '', import.meta.url);

  it('says the server cannot be reached, keeps typing working, warns before closing until the edits are stored', async () => {
    const { a, g } = await twoEditors(stack);
    await a.focusEnd();
    await a.page.keyboard.type('Before the outage.');
    await g.waitForText('Before the outage.');
    await a.waitUntilSaved();

    await stack.stopServer();
    for (const person of [a, g]) {
      const banner = person.page.locator('[data-testid="offline-banner"][data-cause="server"]');
      await banner.waitFor();
      expect(await banner.textContent()).toContain("The server can't be reached. Your edits are kept on this device");
      expect(await person.status.textContent()).toBe('Server unreachable');
    }

    await a.focusEnd();
    await a.page.keyboard.type(' Typed while the server was down.');
    await a.waitForText('Before the outage. Typed while the server was down.');
    await a.page.locator('[data-testid="status-badge"][data-save-state="unsaved"]').waitFor();

    // Closing now would leave edits the others have not got: the browser asks first.
    const warning = await closeExpectingWarning(a.page);
    expect(warning.type()).toBe('beforeunload');
    expect(a.page.isClosed()).toBe(false);

    // Same port, same data: both reconnect by themselves, Grace gets the text, Ada's is stored.
    await stack.restartServer();
    await g.waitForText('Typed while the server was down.', 15_000);
    await a.waitUntilSaved(15_000);
    expect(await a.page.getByTestId('offline-banner').count()).toBe(0);

    // Everything stored: the tab closes without a question.
    const dialogs: string[] = [];
    a.page.on('dialog', (dialog) => {
      dialogs.push(dialog.type());
      void dialog.accept();
    });
    const closed = new Promise<void>((resolve) => a.page.once('close', () => resolve()));
    await a.page.close({ runBeforeUnload: true });
    await closed;
    expect(dialogs).toEqual([]);
  });

  it('says "You\'re offline" when the browser has no network, and syncs what was typed once it is back', async () => {
    const { ada, a, g } = await twoEditors(stack);
    await a.waitUntilSaved();
    await ada.context.setOffline(true);
    const banner = a.page.locator('[data-testid="offline-banner"][data-cause="network"]');
    await banner.waitFor();
    expect(await banner.textContent()).toContain("You're offline. Your edits are kept on this device");
    expect(await a.status.textContent()).toBe('Offline');
    // Grace's browser still has its network and the server is up: no banner for her.
    expect(await g.page.getByTestId('offline-banner').count()).toBe(0);

    await a.focusEnd();
    await a.page.keyboard.type('Written on a train.');
    await a.waitForText('Written on a train.');

    await ada.context.setOffline(false);
    await g.waitForText('Written on a train.', 15_000);
    await a.waitUntilSaved(15_000);
    await banner.waitFor({ state: 'detached' });
  });
});
