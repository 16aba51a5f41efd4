#!/usr/bin/env node
// The account pages from the production build: saves docs/setup.png (a fresh install's first
// page), docs/sign-in.png (the sign-in page) and docs/workspace.png (people and invitations, as the
// owner sees them). Auth on, a temporary data directory. Run after
// `npx turbo run build --filter=@tandem/editor... --filter=@tandem/sync-server...`:
//   node apps/editor/scripts/account-screenshots.mjs
import { randomBytes } from 'node:crypto';
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

const dataDir = await mkdtemp(join(tmpdir(), 'tandem-account-shots-'));
let browser;
try {
  const env = { ...process.env, AUTH_SECRET: randomBytes(32).toString('base64url') };
  const { base } = await startProduct(root, dataDir, env);
  browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run'],
  });
  const shot = { viewport: { width: 1200, height: 780 }, deviceScaleFactor: 2 };

  // A fresh install: the first visitor is asked to set it up.
  const fresh = await (await browser.newContext(shot)).newPage();
  await fresh.goto(base);
  await fresh.waitForURL(/\/setup$/);
  await fresh.getByTestId('sign-up-workspace').fill('Acme');
  await fresh.getByTestId('sign-up-name').fill('Olive Owner');
  await fresh.getByTestId('sign-up-email').fill('olive@acme.example');
  await fresh.mouse.move(0, 0);
  await fresh.screenshot({ path: join(docsDir, 'setup.png') });
  await fresh.context().close();

  // Set up (through the same endpoint), with people and invitations.
  const accounts = scriptAccounts(base);
  const owner = await browser.newContext(shot);
  await accounts.signIn(owner, { name: 'Olive Owner', color: '#047857' });
  for (const [name, color] of [
    ['Ada Lovelace', '#e11d48'],
    ['Grace Hopper', '#2563eb'],
  ])
    await accounts.signIn(await browser.newContext(), { name, color });
  const page = await owner.newPage();
  await page.goto(`${base}/workspace`);
  await page.getByTestId('invite-email').fill('linus@acme.example');
  await page.getByTestId('invite-email-role').selectOption('guest');
  await page.getByTestId('invite-email-submit').click();
  await page.getByTestId('invite-message').waitFor();
  await page.getByTestId('invite-link-create').click();
  await page.getByTestId('invite-link-url').waitFor();
  await page.mouse.move(0, 0);
  await page.setViewportSize({ width: 1200, height: 1000 });
  await page.screenshot({ path: join(docsDir, 'workspace.png'), fullPage: true });

  // Signed out: the sign-in page.
  const signIn = await (await browser.newContext(shot)).newPage();
  await signIn.goto(base);
  await signIn.waitForURL(/\/sign-in/);
  await signIn.getByTestId('sign-in-email').fill('ada.lovelace@example.test');
  await signIn.mouse.move(0, 0);
  await signIn.screenshot({ path: join(docsDir, 'sign-in.png') });
  console.log('saved docs/setup.png, docs/sign-in.png, docs/workspace.png');
} finally {
  await browser?.close();
  await stopAll();
  await rm(dataDir, { recursive: true, force: true });
}
