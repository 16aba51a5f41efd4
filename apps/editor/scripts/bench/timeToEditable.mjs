// Time from navigation to an editable document: the page's navigation start (performance.now() = 0)
// until the editor takes input (contenteditable), is synced with the server and shows the
// document's text. Cold: a new browser profile each time (no HTTP cache, no service worker, no
// IndexedDB copy). Warm: the same profile again (all three).
import { openPerson } from './benchStack.mjs';

/** In the page: the moment the document is editable and complete, or false. */
function editableAt(minChars) {
  const editor = document.querySelector('[data-testid="collaborative-editor"][data-synced]');
  const content = document.querySelector('[data-testid="editor-content"][contenteditable="true"]');
  if (editor === null || content === null || (content.textContent ?? '').length < minChars) return false;
  return performance.now();
}

async function measure(page, url, minChars) {
  await page.goto(url, { waitUntil: 'commit' });
  const handle = await page.waitForFunction(editableAt, minChars, { polling: 'raf', timeout: 60_000 });
  return handle.jsonValue();
}

export async function timeToEditable(browser, url, { runs, minChars }) {
  const cold = [];
  for (let run = 0; run < runs; run++) {
    const { context, page } = await openPerson(browser, 'Reader', '#2563eb');
    cold.push(await measure(page, url, minChars));
    await context.close();
  }
  const warm = [];
  const { context, page } = await openPerson(browser, 'Reader', '#2563eb');
  await measure(page, url, minChars);
  // Let the service worker take control and keep the page before the warm runs.
  await page.evaluate(() => navigator.serviceWorker?.ready);
  await page.reload();
  await page.waitForFunction(editableAt, minChars, { polling: 'raf', timeout: 60_000 });
  for (let run = 0; run < runs; run++) warm.push(await measure(page, url, minChars));
  await context.close();
  return { cold, warm };
}
