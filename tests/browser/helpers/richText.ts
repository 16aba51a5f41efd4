import type { Page } from 'playwright-core';

/**
 * Yjs's UndoManager merges one person's changes made within 500 ms (its `captureTimeout`) into
 * one undo step. Tests that undo one particular change wait this long before making it, so that
 * it is a step of its own; there is no event to wait for instead.
 */
export async function separateUndoSteps(page: Page): Promise<void> {
  await page.waitForTimeout(600);
}

/**
 * Selects the first occurrence of `text` inside one text node of the editor, as a person dragging
 * over it would: through the DOM selection, which ProseMirror reads on `selectionchange`.
 */
export async function selectText(page: Page, text: string): Promise<void> {
  await page.evaluate(async (wanted) => {
    const content = document.querySelector('[data-testid="editor-content"]');
    if (content === null) throw new Error('no editor content');
    (content as HTMLElement).focus();
    const walker = document.createTreeWalker(content, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
      const at = node.textContent?.indexOf(wanted) ?? -1;
      if (at < 0) continue;
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + wanted.length);
      const selection = document.getSelection();
      selection?.removeAllRanges();
      selection?.addRange(range);
      return;
    }
    throw new Error(`no text node contains ${JSON.stringify(wanted)}`);
  }, text);
  await selectionSettled(page);
}

/**
 * ProseMirror reads a selection made with the keyboard on `selectionchange`, which the browser
 * dispatches as a later task: a shortcut pressed at once would still see the old selection. Two
 * animation frames later it has been read.
 */
export async function selectionSettled(page: Page): Promise<void> {
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
}

/** Selects the whole line the caret is in. */
export async function selectLine(page: Page): Promise<void> {
  await page.keyboard.press('Home');
  await page.keyboard.press('Shift+End');
  await selectionSettled(page);
}
