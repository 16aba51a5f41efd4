import { describe, expect, it } from 'vitest';
import { connectClient } from '../src/helpers/index.js';
import { chromiumPath } from './helpers/chromium.js';
import { useBrowserStack } from './helpers/stack.js';
import { twoEditors } from './helpers/twoEditors.js';

const executablePath = chromiumPath();

describe.skipIf(executablePath === null)('"is typing…" timed out by the receiver (Chromium)', () => {
  const stack = useBrowserStack(executablePath ?? '', import.meta.url);

  it('a sender that never clears its typing flag stops showing as typing after a few seconds, though still present', async () => {
    const { docId, a } = await twoEditors(stack);
    // A client that said "typing" and then went silent without clearing it (a frozen tab, a laptop
    // closed): its socket stays open, so the server keeps its presence.
    connectClient(stack.server.wsUrl, encodeURIComponent(docId), {
      awareness: { user: { name: 'Ghost Writer', color: '#7c3aed' }, typing: true, typingSignal: 1 },
    });
    await a.presencePerson('Ghost Writer').waitFor();
    await a.typing.filter({ hasText: 'Ghost Writer is typing…' }).waitFor();
    const shownAt = Date.now();
    await a.page.locator('[data-testid="typing-indicator"]:not([data-active])').waitFor({ state: 'attached', timeout: 9000 });
    // Gone by the receiver's timeout (5 s), long before awareness itself would time out (30 s).
    expect(Date.now() - shownAt).toBeLessThan(8000);
    expect(await a.presencePerson('Ghost Writer').count()).toBe(1);
    expect(await a.presencePerson('Ghost Writer').getAttribute('data-typing')).toBeNull();
  });

  it('someone typing for longer than the timeout keeps showing as typing the whole time', async () => {
    const { a, g } = await twoEditors(stack);
    await g.focusEnd();
    await g.page.keyboard.type('G');
    await a.typing.filter({ hasText: 'Grace Hopper is typing…' }).waitFor();
    // Record every time Ada's indicator goes quiet while Grace keeps typing.
    await a.page.evaluate(() => {
      const indicator = document.querySelector('[data-testid="typing-indicator"]') as Element;
      const gaps: number[] = [];
      (window as unknown as { typingGaps: number[] }).typingGaps = gaps;
      new MutationObserver(() => {
        if (!indicator.hasAttribute('data-active')) gaps.push(Date.now());
      }).observe(indicator, { attributes: true, attributeFilter: ['data-active'] });
    });
    // About seven seconds of steady typing, longer than the 5 s the receiver waits for a signal.
    await g.page.keyboard.type('race keeps typing for a good while now.', { delay: 180 });
    expect(await a.page.evaluate(() => (window as unknown as { typingGaps: number[] }).typingGaps)).toEqual([]);
    await a.waitForText('Grace keeps typing for a good while now.');
    await a.page.locator('[data-testid="typing-indicator"]:not([data-active])').waitFor({ state: 'attached', timeout: 6000 });
  });
});
