// Keystroke-to-paint latency: for each key Ada presses, the time from the keydown event (its
// timeStamp) to just after the next frame is painted (a task posted from that frame's
// requestAnimationFrame runs after its paint), split into the wait for that frame and the frame's
// own work. Chromium's Event Timing entries (keydown, 16 ms and longer) count the slow ones
// independently. While Ada types at the end, Grace can type at the start of the same document.
import { openPerson } from './benchStack.mjs';

const WARM_UP_KEYS = 10;

function installProbe() {
  window.__keyLatency = [];
  window.__slowKeys = [];
  document.addEventListener(
    'keydown',
    (event) => {
      const start = event.timeStamp;
      requestAnimationFrame((frameStart) => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => {
          const now = performance.now();
          window.__keyLatency.push({ total: now - start, wait: Math.max(0, frameStart - start), frame: now - Math.max(frameStart, start) });
        };
        channel.port2.postMessage(null);
      });
    },
    true,
  );
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (entry.name === 'keydown') window.__slowKeys.push(entry.duration);
  }).observe({ type: 'event', durationThreshold: 16 });
}

const ready = (page, minChars) =>
  page.waitForFunction(
    (min) =>
      document.querySelector('[data-testid="collaborative-editor"][data-synced]') !== null &&
      (document.querySelector('[data-testid="editor-content"]')?.textContent ?? '').length >= min,
    minChars,
    { timeout: 60_000 },
  );

const sentence = (words, seed) =>
  Array.from({ length: words }, (_, i) => ['notes', 'plan', 'draft', 'team', 'ship', 'review', 'later', 'idea'][(i * 7 + seed) % 8]).join(
    ' ',
  );

export async function typingLatency(browser, url, { keys, minChars, withOther, delayMs = 80 }) {
  const ada = await openPerson(browser, 'Ada', '#e11d48');
  await ada.page.goto(url);
  await ready(ada.page, minChars);
  await ada.page.evaluate(installProbe);
  await ada.page.getByTestId('editor-content').click();
  await ada.page.keyboard.press('Control+End');
  let grace = null;
  let graceTyping = Promise.resolve();
  const graceText = ` Grace ${sentence(200, 3)}`;
  if (withOther) {
    grace = await openPerson(browser, 'Grace', '#059669');
    await grace.page.goto(url);
    await ready(grace.page, minChars);
    await grace.page.getByTestId('editor-content').click();
    await grace.page.keyboard.press('Control+Home');
    // Closed when Ada is done: the rest of her typing is cut short.
    graceTyping = grace.page.keyboard.type(graceText, { delay: 110 }).catch(() => {});
  }
  const adaText = ` Ada ${sentence(Math.ceil(keys / 5), 1)}`.slice(0, keys);
  await ada.page.keyboard.type(adaText, { delay: delayMs });
  // Grace's keystrokes reached Ada while she typed (or the run did not measure what it says).
  const heard = withOther ? await ada.page.evaluate(() => document.querySelector('[data-testid="editor-content"]')?.textContent ?? '') : '';
  const samples = await ada.page.evaluate(() => window.__keyLatency);
  const slow = await ada.page.evaluate(() => window.__slowKeys);
  // Grace stops when Ada does.
  await grace?.context.close();
  await graceTyping;
  await ada.context.close();
  if (withOther && !heard.includes(graceText.slice(0, 16))) throw new Error("Grace's typing never reached Ada's screen");
  return { samples: samples.slice(WARM_UP_KEYS), slowKeys: slow.length, keys: samples.length };
}
