import { describe, expect, it } from 'vitest';
import { seriousAxeViolations } from './helpers/axe.js';
import { chromiumPath } from './helpers/chromium.js';
import { shareLink } from './helpers/sharing.js';
import { EditorPage } from './helpers/editorPage.js';
import { useBrowserStack } from './helpers/stack.js';
import { ADA, GRACE } from './helpers/twoEditors.js';

const executablePath = chromiumPath();
const SECRET = 'history-browser-tests-secret-0123456789abcdefgh';
const BOB = { name: 'Bob Reader', color: '#2563eb' };

describe.skipIf(executablePath === null)('the version history panel (Chromium)', () => {
  // Auth on, so every change has an author (the token's user); versions only when someone names one.
  const stack = useBrowserStack(executablePath ?? '', import.meta.url, { env: { AUTH_SECRET: SECRET, VERSION_PAUSE_MS: '0' } });

  it('names a version, previews it, compares it with now in the authors’ colours, restores it and undoes that; a reader cannot restore', async () => {
    // Ada creates a document and writes; Grace, a member of the workspace, opens it too.
    const ada = await stack.openUser(ADA);
    await ada.page.goto(stack.app.url);
    await ada.page.getByTestId('new-document').click();
    await ada.page.waitForURL(/\/d\/[a-z0-9-]+$/);
    const a = new EditorPage(ada.page, stack.app.url);
    await a.waitUntilSynced();
    await a.focusEnd();
    await ada.page.keyboard.type('Monday plan.');
    await a.waitUntilSaved();
    const docId = decodeURIComponent(new URL(ada.page.url()).pathname.slice('/d/'.length));
    // A view link for Bob, a guest, later.
    const viewLink = await shareLink(stack.app.url, stack.account(ADA.name), docId, 'viewer');

    // Ada names the current version from the panel, with the keyboard.
    await ada.page.getByTestId('history-open').click();
    const panel = ada.page.getByTestId('version-history');
    await panel.waitFor();
    await ada.page.getByTestId('version-name-input').fill('Monday');
    await ada.page.keyboard.press('Enter');
    await panel.locator('[data-testid="version-item"]', { hasText: 'Monday' }).waitFor();

    const grace = await stack.openUser(GRACE);
    const g = new EditorPage(grace.page, stack.app.url);
    await g.openDoc(docId);
    await g.waitUntilSynced();
    await g.waitForText('Monday plan.');
    await g.focusEnd();
    await grace.page.keyboard.type(' Grace was here.');
    await a.waitForText('Grace was here.');
    await a.focusEnd();
    await ada.page.keyboard.press('Enter');
    await ada.page.keyboard.type('Tuesday.');
    await g.waitForText('Tuesday.');
    await Promise.all([a.waitUntilSaved(), g.waitUntilSaved()]);

    // Preview: the version read-only, as it was.
    await panel.locator('[data-testid="version-item"]', { hasText: 'Monday' }).click();
    const preview = ada.page.getByTestId('version-preview');
    await expect.poll(() => preview.textContent()).toBe('Monday plan.');
    expect(await preview.locator('[contenteditable="true"]').count()).toBe(0);

    // Compare with current: Grace's words and Ada's paragraph marked as added, each by its author.
    await ada.page.getByTestId('version-compare').click();
    const graceWords = preview.locator(`ins[data-ychange="added"][data-author="${grace.userId}"]`);
    await graceWords.waitFor();
    expect(await graceWords.textContent()).toBe(' Grace was here.');
    const adaBlock = preview.locator(`p[data-ychange="added"][data-author="${ada.userId}"]`, { hasText: 'Tuesday.' });
    await adaBlock.waitFor();
    // In their colours: each author's own (from the document's collaborators), not the same one.
    const colorOf = (locator: typeof graceWords) =>
      locator.evaluate((element) => getComputedStyle(element).getPropertyValue('--tandem-ychange-color').trim());
    expect(await colorOf(graceWords)).not.toBe(await colorOf(adaBlock));
    expect(await ada.page.getByTestId('compare-summary').textContent()).toContain('Grace Hopper');
    expect(await seriousAxeViolations(ada.page)).toEqual([]);
    await ada.page.screenshot({ path: `${process.cwd()}/test-output/history-compare.png` }).catch(() => {});

    // Restore, after confirming: both editors show the version again.
    await ada.page.getByTestId('version-restore').click();
    await ada.page.getByTestId('restore-dialog').waitFor();
    await ada.page.getByTestId('restore-confirm').click();
    await ada.page.getByTestId('history-status').filter({ hasText: 'Restored' }).waitFor();
    for (const page of [a, g]) {
      await page.waitForTextGone('Tuesday.');
      await page.waitForTextGone('Grace was here.');
      expect(await page.text()).toBe('Monday plan.');
    }

    // The restore is Ada's own change: Ctrl+Z in her editor takes it back, for everyone.
    await ada.page.keyboard.press('Escape');
    await expect.poll(() => panel.count()).toBe(0);
    expect(await ada.page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('history-open');
    await a.content.click();
    await ada.page.keyboard.press('Control+z');
    for (const page of [a, g]) {
      await page.waitForText('Grace was here.');
      await page.waitForText('Tuesday.');
    }

    // Bob has the view link: he browses and previews, but cannot name or restore.
    const bob = await stack.openUser(BOB, { role: 'guest' });
    const b = new EditorPage(bob.page, stack.app.url);
    await bob.page.goto(viewLink);
    await b.waitUntilSynced();
    await bob.page.getByTestId('history-open').click();
    const bobPanel = bob.page.getByTestId('version-history');
    await bobPanel.locator('[data-testid="version-item"]', { hasText: 'Monday' }).click();
    await expect.poll(() => bob.page.getByTestId('version-preview').textContent()).toBe('Monday plan.');
    expect(await bob.page.getByTestId('version-restore').count()).toBe(0);
    expect(await bob.page.getByTestId('version-name-input').count()).toBe(0);
    await bob.page.getByTestId('version-compare').click();
    await bob.page.getByTestId('version-preview').locator('ins[data-ychange="added"]').first().waitFor();

    // Whatever HTML the answer holds, nothing in it runs in the page: the panel keeps only the schema's elements, attributes and addresses.
    await bob.page.route(/\/versions\/\d+\?format=html$/, (route) =>
      route.fulfill({
        contentType: 'text/html; charset=utf-8',
        body:
          '<p onclick="window.hostile = 1">Safe</p><img src="x" onerror="window.hostile = 2"><script>window.hostile = 3</script>' +
          '<a href="javascript:window.hostile = 4">link</a><iframe srcdoc="<script>parent.hostile = 5</script>"></iframe>',
      }),
    );
    await bob.page.getByTestId('version-preview-button').click();
    const hostile = bob.page.getByTestId('version-preview');
    await expect.poll(() => hostile.textContent()).toBe('Safelink');
    await hostile.getByText('link').click();
    expect(await hostile.locator('[onclick], [onerror], script, iframe, a[href], img[src]').count()).toBe(0);
    expect(await bob.page.evaluate(() => (window as unknown as { hostile?: number }).hostile)).toBeUndefined();
  });
});
