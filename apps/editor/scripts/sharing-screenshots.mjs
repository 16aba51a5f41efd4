#!/usr/bin/env node
// The home page and the share dialog from the production build, auth on: saves docs/home.png (a
// member's documents: hers, the workspace's, one shared with her, one being edited) and
// docs/share-dialog.png (a document shared with a guest and a member, an expiring view link and a
// revoked one). A temporary data directory. Run after
// `npx turbo run build --filter=@tandem/editor... --filter=@tandem/sync-server...`:
//   node apps/editor/scripts/sharing-screenshots.mjs
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { signToken } from '@tandem/tokens';
import { chromium } from 'playwright-core';
import { scriptAccounts } from './scriptAccounts.mjs';
import { scriptProcesses } from './scriptProcesses.mjs';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const docsDir = join(root, 'docs');
const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const secret = randomBytes(32).toString('base64url');
const { startProduct, stopAll } = scriptProcesses();

const OLIVE = { name: 'Olive Owner', color: '#047857' };
const ADA = { name: 'Ada Lovelace', color: '#e11d48' };
const GRACE = { name: 'Grace Hopper', color: '#2563eb' };
const LINUS = { name: 'Linus Guest', color: '#7c3aed' };

const dataDir = await mkdtemp(join(tmpdir(), 'tandem-sharing-shots-'));
let browser;
try {
  const env = { ...process.env, AUTH_SECRET: secret };
  const { base, syncPort } = await startProduct(root, dataDir, env);
  const accounts = scriptAccounts(base);
  // Olive sets the workspace up (the first account); Linus, a guest, joins with her invitation link.
  const guestInvite = (await accounts.request(OLIVE, 'POST', '/api/invite-links', { role: 'guest', expiresInDays: 1 })).url;
  const joined = await fetch(`${base}/api/auth/sign-up/email`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: base, 'X-Forwarded-For': '198.18.9.9' },
    body: JSON.stringify({
      name: LINUS.name,
      email: 'linus@example.test',
      password: 'tandem-script-password',
      inviteToken: guestInvite.split('/').pop(),
    }),
  });
  if (!joined.ok) throw new Error(`Linus could not join: ${joined.status} ${await joined.text()}`);
  /** A document of the workspace made by `person`, its text written through the sync server's API. */
  const write = async (person, title, markdown) => {
    const docId = await accounts.newDocument(person, title);
    const token = await signToken({ secret, sub: `script:${person.name}`, name: person.name, docs: { [docId]: 'write' }, expiresIn: '5m' });
    const response = await fetch(`http://127.0.0.1:${syncPort}/api/docs`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify({ name: docId, format: 'markdown', content: markdown, title }),
    });
    if (response.status !== 201) throw new Error(`writing ${title}: ${response.status} ${await response.text()}`);
    return docId;
  };
  const design = await write(GRACE, 'Design review notes', 'Typography, spacing, colour.');
  const hiring = await write(ADA, 'Hiring plan', 'Two engineers in Q3.');
  const weekly = await write(GRACE, 'Weekly sync', 'Agenda: status, risks, next steps.');
  const launch = await write(ADA, 'Q3 launch plan', '## Goals\n\nShip the editor in July and the API in August.');
  await accounts.request(GRACE, 'POST', `/api/documents/${weekly}/shares`, { person: 'ada.lovelace@example.test', role: 'editor' });
  await accounts.request(ADA, 'POST', `/api/documents/${design}/duplicate`, { title: 'Design review (copy)' });
  await accounts.request(ADA, 'POST', `/api/documents/${hiring}/trash`);
  await accounts.request(ADA, 'POST', `/api/documents/${launch}/shares`, { person: 'linus@example.test', role: 'viewer' });
  await accounts.request(ADA, 'POST', `/api/documents/${launch}/shares`, { person: GRACE.name, role: 'editor' });
  await accounts.request(ADA, 'POST', `/api/documents/${launch}/links`, { role: 'editor', expiresInDays: null });
  const sharingNow = await accounts.request(ADA, 'GET', `/api/documents/${launch}/sharing`);
  const oldLink = sharingNow.links.find((link) => link.role === 'editor');
  await accounts.request(ADA, 'DELETE', `/api/documents/${launch}/links/${oldLink.id}`);

  browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run'],
  });
  const shot = { viewport: { width: 1280, height: 820 }, deviceScaleFactor: 2 };
  const synced = (page) => page.locator('[data-testid="collaborative-editor"][data-status="connected"][data-synced]').waitFor();

  // Grace is in the launch plan: the list shows someone editing it.
  const graceContext = await browser.newContext(shot);
  await accounts.signIn(graceContext, GRACE);
  const grace = await graceContext.newPage();
  await grace.goto(`${base}/d/${launch}`);
  await synced(grace);

  const adaContext = await browser.newContext(shot);
  await accounts.signIn(adaContext, ADA);
  const home = await adaContext.newPage();
  await home.goto(base);
  await home.locator(`[data-testid="doc-row"][data-doc="${launch}"] [data-testid="doc-row-activity"]`).waitFor();
  await home.locator(`[data-testid="doc-row"][data-doc="${weekly}"]`).waitFor();
  await home.mouse.move(0, 0);
  await home.screenshot({ path: join(docsDir, 'home.png') });

  const page = await adaContext.newPage();
  await page.goto(`${base}/d/${launch}`);
  await synced(page);
  await page.getByTestId('share-open').click();
  const dialog = page.getByTestId('share-dialog');
  await dialog.getByTestId('share-person-row').nth(1).waitFor();
  await dialog.getByTestId('link-expiry').selectOption('7');
  await dialog.getByTestId('link-create').click();
  await dialog.getByTestId('link-new-url').waitFor();
  await dialog.locator('[data-testid="link-row"][data-state="active"]').waitFor();
  await page.setViewportSize({ width: 1280, height: 1000 });
  await page.mouse.move(0, 0);
  await page.screenshot({ path: join(docsDir, 'share-dialog.png') });
  console.log('saved docs/home.png and docs/share-dialog.png');
} finally {
  await browser?.close();
  await stopAll();
  await rm(dataDir, { recursive: true, force: true });
}
