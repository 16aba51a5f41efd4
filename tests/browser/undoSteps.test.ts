import { describe, expect, it } from 'vitest';
import { chromiumPath } from './helpers/chromium.js';
import { separateUndoSteps } from './helpers/richText.js';
import { useBrowserStack } from './helpers/stack.js';
import { twoEditors } from './helpers/twoEditors.js';

const executablePath = chromiumPath();
const SENTENCE = 'The quick brown fox jumps over the lazy dog.';

describe.skipIf(executablePath === null)('undo steps while someone else types (Chromium)', () => {
  const stack = useBrowserStack(executablePath ?? '', import.meta.url);

  it('one undo takes back a sentence typed in one go, whether or not a colleague is typing at the same time', async () => {
    const { a, g } = await twoEditors(stack);
    await g.focusEnd();
    await g.page.keyboard.type('Grace: ');
    await a.waitForText('Grace: ');
    await a.focusEnd();
    await a.page.keyboard.press('Enter');
    await separateUndoSteps(a.page);

    // Both type at the same time, a keystroke every 30 ms each.
    await Promise.all([a.page.keyboard.type(SENTENCE, { delay: 30 }), g.page.keyboard.type('typing along the whole time', { delay: 30 })]);
    await g.waitForText(SENTENCE);
    await a.waitForText('typing along the whole time');

    let presses = 0;
    while ((await a.text()).includes('The quick') && presses < 60) {
      await a.page.keyboard.press('Control+z');
      presses += 1;
    }
    expect(await a.text()).not.toContain('The quick');
    expect(await a.text()).toContain('Grace: typing along the whole time');
    expect(presses).toBeLessThanOrEqual(2);
  });
});
