// The production stack for the browser benchmark: the built sync server CLI (temp data dir) and
// `next start` of the built app, each on a free port, and headless Chromium. `close` stops all.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { scriptAccounts } from '../scriptAccounts.mjs';
import { freePort, scriptProcesses } from '../scriptProcesses.mjs';

const root = fileURLToPath(new URL('../../../../', import.meta.url));

export async function startBenchStack({ chromiumPath }) {
  for (const built of ['apps/sync-server/dist/cli.js', 'apps/editor/.next/BUILD_ID']) {
    if (!existsSync(join(root, built))) throw new Error(`${built} is missing: run npx turbo run build --filter=@tandem/editor... first`);
  }
  const { start, stopAll } = scriptProcesses();
  const dataDir = await mkdtemp(join(tmpdir(), 'tandem-bench-browser-'));
  const close = async () => {
    await browser?.close().catch(() => {});
    await stopAll();
    await rm(dataDir, { recursive: true, force: true, maxRetries: 3 }).catch(() => {});
  };
  let browser;
  let port;
  let syncPort;
  try {
    const [listening] = await start(
      process.execPath,
      [join(root, 'apps/sync-server/dist/cli.js'), '--port', '0', '--data-dir', dataDir],
      { env: { ...process.env, LOG_LEVEL: 'info' } },
      /^\{.*"msg":"listening".*\}$/m,
    );
    syncPort = JSON.parse(listening).port;
    port = await freePort();
    await start(
      process.execPath,
      [join(root, 'node_modules/next/dist/bin/next'), 'start', '-p', String(port), '-H', '127.0.0.1'],
      {
        cwd: join(root, 'apps/editor'),
        env: {
          ...process.env,
          NEXT_PUBLIC_SYNC_URL: `ws://127.0.0.1:${syncPort}`,
          NEXT_TELEMETRY_DISABLED: '1',
          NODE_ENV: 'production',
          DATA_DIR: join(dataDir, 'app'),
        },
      },
      /Ready in/,
    );
    browser = await chromium.launch({
      executablePath: chromiumPath,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking'],
    });
  } catch (error) {
    await close();
    throw error;
  }
  accountsOf.set(browser, scriptAccounts(`http://127.0.0.1:${port}`));
  return { appUrl: `http://127.0.0.1:${port}`, syncHttpUrl: `http://127.0.0.1:${syncPort}`, browser, close };
}

/** The accounts of each stack's app, by its browser. */
const accountsOf = new WeakMap();

/** A new person in a browser context of their own, signed in to their account. */
export async function openPerson(browser, name, color) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await accountsOf.get(browser).signIn(context, { name, color });
  return { context, page: await context.newPage() };
}

/** Creates a document through the documents API, from Markdown. */
export async function createDoc(syncHttpUrl, name, markdown) {
  const response = await fetch(`${syncHttpUrl}/api/docs`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ name, format: 'markdown', content: markdown, title: name }),
  });
  if (response.status !== 201) throw new Error(`creating ${name}: ${response.status} ${await response.text()}`);
}
