import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chromiumPath } from './helpers/chromium.js';
import type { EditorPage } from './helpers/editorPage.js';
import { useBrowserStack } from './helpers/stack.js';
import { GRACE, twoEditors } from './helpers/twoEditors.js';

const executablePath = chromiumPath();
const LINES = 80;

const scrollY = (page: Page) => page.evaluate(() => window.scrollY);

/** Two animation frames: whatever the page does in response to a change has been done. */
const frames = (page: Page) => page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));

/** Whether the follower sees the caret of `name` inside the window. */
async function caretOnScreen(e: EditorPage, name: string): Promise<boolean> {
  const box = await e.remoteCaret(name).boundingBox();
  const height = await e.page.evaluate(() => window.innerHeight);
  return box !== null && box.y >= 0 && box.y + box.height <= height;
}

/** Grace's caret moves there and she types: the follower must get the text before anything is checked. */
async function graceTypesAt(g: EditorPage, a: EditorPage, key: 'Control+Home' | 'Control+End' | 'ArrowUp', text: string): Promise<void> {
  await g.page.keyboard.press(key);
  await g.page.keyboard.type(text);
  await a.waitForText(text);
}

describe.skipIf(executablePath === null)('following a colleague (Chromium)', () => {
  const stack = useBrowserStack(executablePath ?? '', import.meta.url);

  it("scrolls to the followed caret when it leaves the screen, not while it stays on it, and stops on the follower's own scroll or typing", async () => {
    const { a, g } = await twoEditors(stack);
    // A document several screens long.
    await g.focusEnd();
    await g.page.evaluate((count) => {
      const clipboardData = new DataTransfer();
      clipboardData.setData('text/plain', Array.from({ length: count }, (_, i) => `Paragraph ${i + 1} of the long document.`).join('\n'));
      document
        .querySelector('[data-testid="editor-content"]')
        ?.dispatchEvent(new ClipboardEvent('paste', { clipboardData, bubbles: true, cancelable: true }));
    }, LINES);
    await a.waitForText(`Paragraph ${LINES} of the long document.`);
    await graceTypesAt(g, a, 'Control+Home', 'Top note. ');
    await a.page.evaluate(() => window.scrollTo(0, 0));

    const follow = a.presencePerson(GRACE.name).getByTestId('follow-person');
    expect(await follow.getAttribute('aria-label')).toBe(`Follow ${GRACE.name}`);
    await follow.click();
    expect(await follow.getAttribute('aria-pressed')).toBe('true');
    const indicator = a.page.getByTestId('following-indicator');
    expect(await indicator.textContent()).toContain(`Following ${GRACE.name}`);

    // Grace goes to the end: Ada's view follows her there.
    await graceTypesAt(g, a, 'Control+End', ' End note.');
    await expect.poll(() => caretOnScreen(a, GRACE.name)).toBe(true);
    expect(await scrollY(a.page)).toBeGreaterThan(1000);

    // A move that stays on screen does not scroll.
    const settled = await scrollY(a.page);
    await graceTypesAt(g, a, 'ArrowUp', 'Nearby. ');
    await frames(a.page);
    expect(await caretOnScreen(a, GRACE.name)).toBe(true);
    expect(await scrollY(a.page)).toBe(settled);

    // Back to the top: the view follows.
    await graceTypesAt(g, a, 'Control+Home', 'Back up. ');
    await expect.poll(() => caretOnScreen(a, GRACE.name)).toBe(true);
    expect(await scrollY(a.page)).toBeLessThan(settled);

    // Ada scrolls herself: following stops, and Grace's next move leaves Ada's view alone.
    await a.page.mouse.move(640, 500);
    await a.page.mouse.wheel(0, 400);
    await indicator.waitFor({ state: 'detached' });
    expect(await follow.getAttribute('aria-pressed')).toBe('false');
    let previous = -1;
    await expect
      .poll(async () => {
        const now = await scrollY(a.page);
        const still = now === previous;
        previous = now;
        return still;
      })
      .toBe(true);
    const ownScroll = await scrollY(a.page);
    await graceTypesAt(g, a, 'Control+End', ' Unfollowed.');
    await frames(a.page);
    expect(await scrollY(a.page)).toBe(ownScroll);
    expect(await caretOnScreen(a, GRACE.name)).toBe(false);

    // Following again, then typing in the text stops it; so does the Stop button.
    await follow.click();
    await indicator.waitFor();
    await expect.poll(() => caretOnScreen(a, GRACE.name)).toBe(true);
    await a.content.evaluate((content) => (content as HTMLElement).focus());
    await a.page.keyboard.type('Mine.');
    await indicator.waitFor({ state: 'detached' });
    await follow.click();
    await indicator.waitFor();
    await a.page.getByTestId('stop-following').click();
    await indicator.waitFor({ state: 'detached' });
  });
});
