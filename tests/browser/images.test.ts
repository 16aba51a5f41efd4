import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { seriousAxeViolations } from './helpers/axe.js';
import { chromiumPath } from './helpers/chromium.js';
import { separateUndoSteps } from './helpers/richText.js';
import { useBrowserStack } from './helpers/stack.js';
import { twoEditors } from './helpers/twoEditors.js';

const executablePath = chromiumPath();

/** Dispatches a paste event into the editor carrying these clipboard types, as a paste from another app does. */
async function pasteData(page: Page, data: Record<string, string>): Promise<void> {
  await page.evaluate((types) => {
    const clipboardData = new DataTransfer();
    for (const [type, value] of Object.entries(types)) clipboardData.setData(type, value);
    document
      .querySelector('[data-testid="editor-content"]')
      ?.dispatchEvent(new ClipboardEvent('paste', { clipboardData, bubbles: true, cancelable: true }));
  }, data);
}

/** The image has been fetched and decoded by the browser. */
const loaded = (image: Locator) =>
  image.evaluate((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0);

describe.skipIf(executablePath === null)('images by address (Chromium)', () => {
  const stack = useBrowserStack(executablePath ?? '', import.meta.url);

  it('inserted from the toolbar with alt text, refused for an unsafe address, alt edited, /image and a pasted address; the other person sees each, undo takes back only your own', async () => {
    const { a, g } = await twoEditors(stack);
    const logo = `${stack.app.url}/icon.svg`;
    await a.focusEnd();
    await a.page.keyboard.type('Our logo:');

    // An unsafe address is refused with a message, and nothing is inserted.
    await a.page.getByTestId('toolbar-image').click();
    const form = a.page.locator('[data-testid="image-popover"][data-mode="insert"]');
    await a.page.getByTestId('image-src').fill('javascript:alert(1)');
    await a.page.getByTestId('image-alt-input').fill('Evil');
    await a.page.keyboard.press('Enter');
    const error = a.page.getByTestId('image-error');
    await error.waitFor();
    expect(await error.textContent()).toContain('http or https');
    expect(await a.page.getByTestId('image-src').getAttribute('aria-invalid')).toBe('true');
    expect(await seriousAxeViolations(a.page)).toEqual([]);

    await a.page.getByTestId('image-src').fill(logo);
    await a.page.getByTestId('image-alt-input').fill('Tandem logo');
    await a.page.getByTestId('image-apply').click();
    await form.waitFor({ state: 'detached' });
    const graceLogo = g.content.locator(`img[src="${logo}"]`);
    await graceLogo.waitFor();
    expect(await graceLogo.getAttribute('alt')).toBe('Tandem logo');
    await expect.poll(() => loaded(graceLogo)).toBe(true);
    expect(await g.content.locator('img[src^="javascript:"]').count()).toBe(0);

    // Selecting the image offers its alt text; Ada changes it and Grace sees the change.
    await a.content.locator('img.tandem-image').click();
    const view = a.page.locator('[data-testid="image-popover"][data-mode="view"]');
    await view.waitFor();
    expect(await a.page.getByTestId('image-alt').textContent()).toBe('Alt text: Tandem logo');
    await a.page.getByTestId('image-edit').click();
    await a.page.getByTestId('image-alt-input').fill('The Tandem logo: two rings');
    await a.page.keyboard.press('Enter');
    await g.content.locator('img[alt="The Tandem logo: two rings"]').waitFor();

    // Grace writes a line; Ada adds an image with /image, then pastes an image address.
    await g.focusEnd();
    await g.page.keyboard.press('Enter');
    await g.page.keyboard.type('Grace approves.');
    await a.waitForText('Grace approves.');
    await a.focusEnd();
    await a.page.keyboard.press('Enter');
    await a.page.keyboard.type('/image');
    await a.page.getByTestId('slash-image').waitFor();
    await a.page.keyboard.press('Enter');
    await form.waitFor();
    await a.page.getByTestId('image-src').fill(`${logo}?second`);
    await a.page.getByTestId('image-alt-input').fill('Second logo');
    await a.page.keyboard.press('Enter');
    await g.content.locator('img[alt="Second logo"]').waitFor();
    expect(await g.text()).not.toContain('/image');

    await a.focusEnd();
    await a.page.keyboard.press('Enter');
    await separateUndoSteps(a.page);
    await pasteData(a.page, { 'text/plain': `${logo}?pasted` });
    const pasted = g.content.locator(`img[src="${logo}?pasted"]`);
    await pasted.waitFor();
    // It arrives selected, with its alt text one click away.
    await a.page.locator('[data-testid="image-popover"][data-mode="view"]').waitFor();
    expect(await a.page.getByTestId('image-alt').textContent()).toBe('No alt text yet');

    // Ada's undo takes back the pasted image only.
    await a.page.keyboard.press('Control+z');
    await pasted.waitFor({ state: 'detached' });
    expect(await g.content.locator('img.tandem-image').evaluateAll((images) => images.map((img) => img.getAttribute('alt')))).toEqual([
      'The Tandem logo: two rings',
      'Second logo',
    ]);
    expect(await g.text()).toContain('Grace approves.');
  });

  it('pasted HTML keeps images with a web address and drops the others', async () => {
    const { a, g } = await twoEditors(stack);
    const logo = `${stack.app.url}/icon.svg`;
    await a.focusEnd();
    await pasteData(a.page, {
      'text/plain': 'pictures',
      'text/html': `<p>Pictures</p><img src="${logo}" alt="Kept"><img src="javascript:alert(1)" alt="Script"><img src="data:image/png;base64,iVBORw0KGgo=" alt="Inline bytes">`,
    });
    await g.content.locator('img[alt="Kept"]').waitFor();
    expect(await g.content.locator('img.tandem-image').evaluateAll((images) => images.map((img) => img.getAttribute('alt')))).toEqual([
      'Kept',
    ]);
  });

  it('![alt](address) typed as Markdown becomes an image only for a web address', async () => {
    const { a, g } = await twoEditors(stack);
    const logo = `${stack.app.url}/icon.svg`;
    await a.focusEnd();
    await a.page.keyboard.type(`![Typed logo](${logo})`);
    await g.content.locator(`img.tandem-image[src="${logo}"][alt="Typed logo"]`).waitFor();
    await a.focusEnd();
    await a.page.keyboard.press('Enter');
    await a.page.keyboard.type('![Nope](javascript:alert(1))');
    await g.waitForText('![Nope](javascript:alert(1))');
    expect(await g.content.locator('img.tandem-image').count()).toBe(1);
  });

  it('dragging a corner resizes the image for everyone, keeping its proportions', { timeout: 60_000 }, async () => {
    const { a, g } = await twoEditors(stack);
    await a.focusEnd();
    await a.page.getByTestId('toolbar-image').click();
    await a.page.getByTestId('image-src').fill(`${stack.app.url}/icon.svg`);
    await a.page.getByTestId('image-alt-input').fill('Logo');
    await a.page.keyboard.press('Enter');
    const image = a.content.locator('img.tandem-image');
    await expect.poll(() => loaded(image)).toBe(true);
    await image.click();
    const corner = await a.page.locator('[data-resize-handle="bottom-right"]').boundingBox();
    if (corner === null) throw new Error('no resize handle');
    await a.page.mouse.move(corner.x + corner.width / 2, corner.y + corner.height / 2);
    await a.page.mouse.down();
    await a.page.mouse.move(corner.x + 100, corner.y + 100, { steps: 10 });
    await a.page.mouse.up();
    const graceImage = g.content.locator('img.tandem-image');
    await expect.poll(() => graceImage.evaluate((img) => img.clientWidth)).toBeGreaterThan(100);
    const { width, height } = await graceImage.evaluate((img) => ({ width: img.clientWidth, height: img.clientHeight }));
    expect(width).toBeGreaterThan(100);
    expect(Math.abs(width - height)).toBeLessThanOrEqual(1);

    // Ada's undo takes the resize back on both screens.
    await a.page.keyboard.press('Control+z');
    await expect.poll(() => graceImage.evaluate((img) => img.clientWidth)).toBe(32);
    expect(await image.evaluate((img) => img.clientWidth)).toBe(32);
  });
});
