#!/usr/bin/env node
// Takes the README screenshots from the production build: starts a sync server (temp data dir)
// and `next start` on free ports, lets three people write in one document in headless Chromium,
// and saves docs/screenshot.png (the document page) and docs/screenshot-home.png (the list).
// Run after `npx turbo run build --filter=@tandem/editor...`:  npm run screenshot -w @tandem/editor
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const docsDir = join(root, 'docs');
const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const children = [];

function start(command, args, options, readyPattern) {
  const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${args[0]} did not start: ${output}`)), 30_000);
    const onData = (chunk) => {
      output += chunk.toString();
      const match = output.match(readyPattern);
      if (match) {
        clearTimeout(timer);
        resolve(match);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${args[0]} exited with ${code}: ${output}`)));
  });
}

const freePort = () =>
  new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

const dataDir = await mkdtemp(join(tmpdir(), 'tandem-screenshot-'));
let browser;
try {
  const [listening] = await start(process.execPath, [join(root, 'apps/sync-server/dist/cli.js'), '--port', '0', '--data-dir', dataDir], {}, /^\{.*"msg":"listening".*\}$/m);
  const syncPort = JSON.parse(listening).port;
  const port = await freePort();
  const syncUrl = `ws://127.0.0.1:${syncPort}`;
  await start(
    process.execPath,
    [join(root, 'node_modules/next/dist/bin/next'), 'start', '-p', String(port), '-H', '127.0.0.1'],
    { cwd: join(root, 'apps/editor'), env: { ...process.env, NEXT_PUBLIC_SYNC_URL: syncUrl, NEXT_TELEMETRY_DISABLED: '1' } },
    /Ready in/,
  );
  const base = `http://127.0.0.1:${port}`;
  browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run'] });

  const person = async (name, color) => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 820 }, deviceScaleFactor: 2 });
    await context.addInitScript((stored) => localStorage.setItem('tandem.identity', stored), JSON.stringify({ name, color }));
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
  console.log(`saved ${join(docsDir, 'screenshot.png')} and screenshot-home.png`);
} finally {
  await browser?.close();
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  await Promise.all(children.map((child) => (child.exitCode === null ? new Promise((r) => child.once('exit', r)) : null)));
  await rm(dataDir, { recursive: true, force: true });
}
