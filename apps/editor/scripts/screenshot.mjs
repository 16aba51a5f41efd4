#!/usr/bin/env node
// Takes the README screenshots from the production build: starts a sync server (temp data dir)
// and `next start` on free ports, lets three people write in one document in headless Chromium,
// and saves docs/screenshot.png (the document page), docs/screenshot-home.png (the list),
// docs/screenshot-features.png (a mention, a table, an image and the slash menu), docs/screenshot-dark.png
// and docs/screenshot-phone.png (390 px wide).
// Run after `npx turbo run build --filter=@tandem/editor...`:  npm run screenshot -w @tandem/editor
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { scriptAccounts } from './scriptAccounts.mjs';
import { scriptProcesses } from './scriptProcesses.mjs';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const docsDir = join(root, 'docs');
const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const { startProduct, stopAll } = scriptProcesses();

const dataDir = await mkdtemp(join(tmpdir(), 'tandem-screenshot-'));
let browser;
try {
  const { base } = await startProduct(root, dataDir);
  const accounts = scriptAccounts(base);
  browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run'],
  });

  const person = async (name, color) => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 820 }, deviceScaleFactor: 2 });
    await accounts.signIn(context, { name, color });
    const page = await context.newPage();
    return page;
  };
  const synced = (page) => page.locator('[data-testid="collaborative-editor"][data-status="connected"][data-synced]').waitFor();

  // Two other documents for the list.
  for (const [id, title, text] of [
    ['design-review', 'Design review notes', 'Typography, spacing, colour.'],
    ['weekly-sync', 'Weekly sync', 'Agenda: status, risks, next steps.'],
  ]) {
    const page = await person('Linus Torvalds', '#2563eb');
    await page.goto(`${base}/d/${id}`);
    await synced(page);
    await page.getByTestId('doc-title').fill(title);
    await page.getByTestId('editor-content').click();
    await page.keyboard.type(text);
    await page.locator('[data-testid="status-badge"][data-shown="saved"]').waitFor();
    await page.context().close();
  }

  const docUrl = `${base}/d/q3-launch-plan`;
  const ada = await person('Ada Lovelace', '#e11d48');
  await ada.goto(docUrl);
  await synced(ada);
  await ada.getByTestId('doc-title').fill('Q3 launch plan');
  await ada.getByTestId('editor-content').click();
  const type = (text) => ada.keyboard.type(text);
  const enter = () => ada.keyboard.press('Enter');
  await type('## Goals');
  await enter();
  await type('Ship **offline editing** to every customer by September, with saves that are ');
  await type('*acknowledged by the server* before we call them saved.');
  await enter();
  await type('- Durable saves: "Saved" means on disk');
  await enter();
  await type('Live presence, carets and typing indicators');
  await enter();
  await type('Edits made on a train merge when you are back online');
  await enter();
  await enter();
  await type('> Write together, even when the network does not cooperate.');
  await enter();
  await enter();
  await type('## Open questions');
  await enter();
  await type('Who owns the `sync-server` rollout, and do we need a read-only mode for reviewers?');

  const linus = await person('Linus Torvalds', '#2563eb');
  await linus.goto(docUrl);
  await synced(linus);
  await linus.evaluate(() => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
    document.dispatchEvent(new Event('visibilitychange'));
  });

  const grace = await person('Grace Hopper', '#059669');
  await grace.goto(docUrl);
  await synced(grace);
  await grace.locator('[data-testid="editor-content"] li').nth(1).click();
  await grace.keyboard.press('End');
  await grace.keyboard.type(' for everyone');
  await ada.locator('[data-testid="remote-caret"][data-name="Grace Hopper"]').waitFor();
  await ada.getByTestId('typing-indicator').filter({ hasText: 'Grace Hopper is typing' }).waitFor();
  await ada.locator('[data-testid="status-badge"][data-shown="saved"]').waitFor();
  await ada.mouse.move(0, 0);
  await ada.screenshot({ path: join(docsDir, 'screenshot.png') });

  const home = await ada.context().newPage();
  await home.goto(base);
  await home.locator('[data-testid="doc-row-activity"]').first().waitFor();
  await home.screenshot({ path: join(docsDir, 'screenshot-home.png') });
  await home.close();

  // Dark: the same page with a dark system preference.
  await ada.emulateMedia({ colorScheme: 'dark' });
  await ada.mouse.move(0, 0);
  await ada.screenshot({ path: join(docsDir, 'screenshot-dark.png') });
  await ada.emulateMedia({ colorScheme: 'light' });

  // The richer parts: a mention, an image by address (resized from its corner), a table, and
  // the slash menu open, on a taller window so that all of it shows.
  await ada.setViewportSize({ width: 1280, height: 1240 });
  await ada.getByTestId('editor-content').click();
  await ada.keyboard.press('Control+End');
  await enter();
  await type('Owner: @gra');
  await ada.getByTestId('mention-menu').waitFor();
  await enter();
  await type('to confirm by Friday.');
  await enter();
  await ada.getByTestId('toolbar-image').click();
  await ada.getByTestId('image-src').fill(`${base}/icon.svg`);
  await ada.getByTestId('image-alt-input').fill('The Tandem logo');
  await ada.keyboard.press('Enter');
  const image = ada.getByTestId('editor-content').locator('img.tandem-image');
  await image.waitFor();
  await image.click();
  const handle = ada.locator('[data-resize-handle="bottom-right"]');
  const corner = await handle.boundingBox();
  await ada.mouse.move(corner.x + corner.width / 2, corner.y + corner.height / 2);
  await ada.mouse.down();
  await ada.mouse.move(corner.x + 64, corner.y + 64, { steps: 8 });
  await ada.mouse.up();
  await ada.keyboard.press('Control+End');
  await ada.getByTestId('toolbar-table').click();
  const cells = ['Milestone', 'Date', 'Owner', 'Beta', 'July 14', 'Ada', 'Launch', 'Sept 2', 'Grace'];
  for (const [index, cell] of cells.entries()) {
    await type(cell);
    if (index < cells.length - 1) await ada.keyboard.press('Tab');
  }
  await ada.keyboard.press('Control+End');
  await type('/');
  await ada.getByTestId('slash-menu').waitFor();
  await ada.locator('[data-testid="status-badge"][data-shown="saved"]').waitFor();
  await ada.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await ada.mouse.move(0, 0);
  await ada.screenshot({ path: join(docsDir, 'screenshot-features.png') });
  await ada.keyboard.press('Escape');

  // A 390-pixel phone.
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  await accounts.signIn(phone, { name: 'Alan Turing', color: '#7c3aed' });
  const alan = await phone.newPage();
  await alan.goto(docUrl);
  await synced(alan);
  await alan.screenshot({ path: join(docsDir, 'screenshot-phone.png') });
  console.log(`saved ${join(docsDir, 'screenshot.png')}, -home, -dark, -features and -phone`);
} finally {
  await browser?.close();
  await stopAll();
  await rm(dataDir, { recursive: true, force: true });
}
