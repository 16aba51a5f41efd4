#!/usr/bin/env node
// The version history panel from the production build: saves docs/history-panel.png (a version
// previewed) and docs/history-compare.png (compared with now, each author's changes in their colour),
// then measures, in headless Chromium, how long previewing and comparing a version of a ~1 MB
// document takes from the click to the rendered document (fetch, server work and rendering).
// Auth on (a secret of its own), so every change has an author. Not a test: numbers for the README.
// Run after `npx turbo run build --filter=@tandem/editor... --filter=@tandem/sync-server...`:
//   node apps/editor/scripts/history-screenshots.mjs [--no-screenshots]
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { signToken } from '@tandem/tokens';
import { chromium } from 'playwright-core';
import { scriptAccounts } from './scriptAccounts.mjs';
import { freePort, scriptProcesses } from './scriptProcesses.mjs';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const docsDir = join(root, 'docs');
const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const secret = randomBytes(32).toString('base64url');
const screenshots = !process.argv.includes('--no-screenshots');
const { start, stopAll } = scriptProcesses();

const summary = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return `n ${sorted.length}, p50 ${sorted[Math.floor(sorted.length / 2)].toFixed(0)} ms, max ${sorted.at(-1).toFixed(0)} ms`;
};

const dataDir = await mkdtemp(join(tmpdir(), 'tandem-history-shots-'));
let browser;
try {
  const env = { ...process.env, AUTH_SECRET: secret, VERSION_PAUSE_MS: '0', API_MAX_BODY_BYTES: String(32 * 1024 * 1024) };
  const [listening] = await start(
    process.execPath,
    [join(root, 'apps/sync-server/dist/cli.js'), '--port', '0', '--data-dir', dataDir],
    { env },
    /^\{.*"msg":"listening".*\}$/m,
  );
  const syncPort = JSON.parse(listening).port;
  const port = await freePort();
  await start(
    process.execPath,
    [join(root, 'node_modules/next/dist/bin/next'), 'start', '-p', String(port), '-H', '127.0.0.1'],
    {
      cwd: join(root, 'apps/editor'),
      env: { ...env, NEXT_PUBLIC_SYNC_URL: `ws://127.0.0.1:${syncPort}`, NEXT_TELEMETRY_DISABLED: '1', DATA_DIR: join(dataDir, 'app') },
    },
    /Ready in/,
  );
  const base = `http://127.0.0.1:${port}`;
  const accounts = scriptAccounts(base);
  const api = `http://127.0.0.1:${syncPort}`;
  const tokenOf = (name) => signToken({ secret, sub: `demo:${name}`, name, docs: { '*': 'write' }, expiresIn: '1h' });
  const call = async (name, method, path, body, contentType = 'application/json') => {
    const response = await fetch(`${api}${path}`, {
      method,
      headers: { Authorization: `Bearer ${await tokenOf(name)}`, ...(body === undefined ? {} : { 'Content-Type': contentType }) },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return response.json();
  };
  browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run'],
  });
  const person = async (name, color, docId) => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 820 }, deviceScaleFactor: screenshots ? 2 : 1 });
    await accounts.signIn(context, { name, color });
    const page = await context.newPage();
    await page.goto(`${base}/d/${docId}`);
    await page.locator('[data-testid="collaborative-editor"][data-status="connected"][data-synced]').waitFor({ timeout: 60_000 });
    return page;
  };

  if (screenshots) {
    // Documents of the workspace (named by the app), which its members open.
    const docId = await accounts.newDocument({ name: 'Ada Lovelace', color: '#e11d48' }, 'Q3 roadmap');
    const notes =
      '# Q3 roadmap\n\nWe ship the editor in July and the API in August.\n\nOpen questions: pricing, and who owns onboarding.\n\n- Editor: polish the toolbar\n- API: write the docs';
    await call('Ada Lovelace', 'POST', `/api/docs?name=${docId}&title=Q3%20roadmap`, notes, 'text/markdown');
    await call('Ada Lovelace', 'POST', `/api/docs/${docId}/versions`, { name: 'First draft' });
    const ada = await person('Ada Lovelace', '#e11d48', docId);
    const grace = await person('Grace Hopper', '#059669', docId);
    const typeAt = async (page, text, after) => {
      await page.getByTestId('editor-content').getByText(after).click();
      await page.keyboard.press('End');
      await page.keyboard.type(text);
    };
    await typeAt(grace, ' Grace owns onboarding.', 'Open questions');
    await typeAt(ada, ' The beta opens in June.', 'We ship the editor');
    await ada.getByTestId('editor-content').getByText('write the docs').click();
    await ada.keyboard.press('End');
    for (let i = 0; i < ' the docs'.length; i++) await ada.keyboard.press('Backspace');
    await ada.keyboard.type(' publish the OpenAPI reference');
    await ada.locator('[data-testid="status-badge"][data-shown="saved"]').waitFor();
    await grace.locator('[data-testid="status-badge"][data-shown="saved"]').waitFor();
    await ada.getByTestId('history-open').click();
    await ada.locator('[data-testid="version-item"]', { hasText: 'First draft' }).click();
    await ada.getByTestId('version-preview').getByText('Q3 roadmap').waitFor();
    await ada.screenshot({ path: join(docsDir, 'history-panel.png') });
    await ada.getByTestId('version-compare').click();
    await ada.locator('[data-testid="version-preview"] ins[data-ychange]').first().waitFor();
    await ada.screenshot({ path: join(docsDir, 'history-compare.png') });
    console.log('saved docs/history-panel.png and docs/history-compare.png');
    await ada.context().close();
    await grace.context().close();
  }

  // A ~1 MB document, two versions with edits in between, previewed and compared in the panel.
  const parts = [];
  for (let i = 0, bytes = 0; bytes < 1024 * 1024; i++) {
    const part =
      i % 20 === 0
        ? `## Section ${i / 20}`
        : `Paragraph ${i}: some **bold** words and more plain text to fill a typical line of prose in a document.`;
    parts.push(part);
    bytes += part.length + 2;
  }
  const big = await accounts.newDocument({ name: 'Ada Lovelace', color: '#e11d48' }, 'Big');
  await call('Ada Lovelace', 'POST', `/api/docs?name=${big}`, parts.join('\n\n'), 'text/markdown');
  const first = (await call('Ada Lovelace', 'POST', `/api/docs/${big}/versions`, { name: 'Imported' })).version.seq;
  for (let i = 0; i < 20; i++)
    await call(
      'Grace Hopper',
      'PATCH',
      `/api/docs/${big}?block=${i * 97 + 5}`,
      `Paragraph rewritten by Grace, number ${i}.`,
      'text/markdown',
    );
  const second = (await call('Grace Hopper', 'POST', `/api/docs/${big}/versions`, { name: 'Edited' })).version.seq;
  const page = await person('Ada Lovelace', '#e11d48', big);
  await page.getByTestId('history-open').click();
  await page.locator('[data-testid="version-item"]').nth(1).waitFor();
  /**
   * From the click to the previewed document's last paragraph on screen, measured in the page; and
   * of that, the request's part (from the click to its last byte: server and transfer).
   */
  const clickToRendered = async (selector, rendered, into) => {
    const { total, request } = await page.evaluate(
      async ({ selector, rendered }) => {
        performance.clearResourceTimings();
        const started = performance.now();
        document.querySelector(selector).click();
        await new Promise((resolve) => {
          const check = () => (document.querySelector(rendered) ? resolve() : requestAnimationFrame(check));
          check();
        });
        const total = performance.now() - started;
        const entry = performance.getEntriesByType('resource').find((candidate) => candidate.name.includes('/versions/'));
        return { total, request: entry ? entry.responseEnd - started : Number.NaN };
      },
      { selector, rendered },
    );
    into.total.push(total);
    into.request.push(request);
  };
  const previews = { total: [], request: [] };
  const compares = { total: [], request: [] };
  for (let round = 0; round < 6; round++) {
    const seq = round % 2 === 0 ? first : second;
    const name = seq === first ? 'Imported' : 'Edited';
    // The preview of this version, or the comparison, rendered down to its last block (the labels tell them apart).
    const last = (label) => `[data-testid="version-preview"][aria-label^="${label}"] .tandem-history__prose > :nth-child(${parts.length})`;
    await clickToRendered(`[data-testid="version-item"][data-seq="${seq}"]`, last(`${name} (read-only)`), previews);
    await clickToRendered('[data-testid="version-compare"]', last(`Changes since ${name}`), compares);
  }
  const each = (values) => values.map((value) => value.toFixed(0)).join(' / ');
  console.log(
    `preview a version of a ${(parts.join('\n\n').length / 1024).toFixed(0)} KiB (Markdown) document in the browser: ${summary(previews.total)}` +
      ` (each: ${each(previews.total)} ms; of which the request: ${each(previews.request)} ms)`,
  );
  console.log(
    `compare it with now (the other version is 20 paragraphs apart) in the browser: ${summary(compares.total)}` +
      ` (each: ${each(compares.total)} ms; of which the request: ${each(compares.request)} ms)`,
  );
  console.log(`(versions ${first} and ${second})`);
} finally {
  await browser?.close();
  await stopAll();
  await rm(dataDir, { recursive: true, force: true });
}
process.exit(0);
