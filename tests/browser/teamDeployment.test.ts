import { readFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { networkAddresses } from '../../scripts/publicAddress.mjs';
import { pngImage } from '../src/helpers/pngImage.js';
import { freeLocalPort, type RunningProduct, startProduct } from '../src/helpers/startProduct.js';
import { selfSignedCertificate, startNginx } from '../src/helpers/startNginx.js';
import { systemTool } from '../src/helpers/systemTool.js';
import { inviteToken, signInContext, signUp, type TestAccount } from './helpers/accounts.js';
import { CHROMIUM_ARGS, chromiumPath } from './helpers/chromium.js';
import { EditorPage } from './helpers/editorPage.js';
import { acquireSuiteLock } from './helpers/suiteLock.js';

// `npm start` as a team uses it: out of the box, opened from another machine's point of view (this
// machine's own network address, not localhost), and behind nginx with TLS, configured with the
// README's own example.

const executablePath = chromiumPath();
/** An address of this machine that is not loopback: what a teammate's laptop would connect to. */
const lanAddress = networkAddresses(networkInterfaces()).find((address) => !address.includes(':')) ?? null;
if (lanAddress === null) {
  const message = 'no IPv4 address besides loopback on this machine: the team deployment test needs one';
  if (process.env.TANDEM_REQUIRE_SYSTEM === '1') throw new Error(message);
  console.warn(`\n⚠️  SKIPPING the team deployment test: ${message}.\n`);
}
const runnable = executablePath !== null && lanAddress !== null;
const hasNginx =
  runnable && systemTool('nginx', 'the test through nginx', ['-v']) && systemTool('openssl', 'the test through nginx', ['version']);

const ADA = { name: 'Ada Lovelace', color: '#e11d48' };
const GRACE = { name: 'Grace Hopper', color: '#059669' };
const LINUS = { name: 'Linus', color: '#2563eb' };

interface Person {
  context: BrowserContext;
  page: Page;
  /** Every address the page requested, WebSockets included. */
  requested: string[];
}

describe.skipIf(!runnable)('Tandem for a team: one public port, reached from another machine and through nginx (Chromium)', () => {
  let release: (() => Promise<void>) | null = null;
  let product: RunningProduct;
  let browser: Browser;
  const people: Person[] = [];
  let shared: { docId: string; editLink: string; ada: EditorPage; adaAccount: TestAccount } | null = null;

  beforeAll(async () => {
    release = await acquireSuiteLock(6 * 60_000);
    // Out of the box: no HOST, no PUBLIC_URL, no ALLOWED_ORIGINS.
    product = await startProduct();
    browser = await chromium.launch({ executablePath: executablePath ?? '', headless: true, args: CHROMIUM_ARGS });
  }, 6 * 60_000);

  afterAll(async () => {
    await Promise.all(people.map((person) => person.context.close()));
    await browser?.close();
    await product?.stop();
    await release?.();
  });

  /** A browser of its own for `account`, signed in on `appUrl` (its session cookie). */
  async function openPerson(account: TestAccount, appUrl: string, options: { ignoreHTTPSErrors?: boolean } = {}): Promise<Person> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...options });
    await signInContext(context, appUrl, account);
    const page = await context.newPage();
    const person = { context, page, requested: [] as string[] };
    page.on('request', (request) => person.requested.push(request.url()));
    page.on('websocket', (socket) => person.requested.push(socket.url()));
    people.push(person);
    return person;
  }

  it('a link copied at localhost carries the network address; a teammate opening it there co-edits through the one port', {
    timeout: 90_000,
  }, async () => {
    const { webPort, syncPort } = product;
    const lan = lanAddress ?? '';
    const publicUrl = `http://${lan}:${webPort}`;
    expect(product.output()).toContain(`Teammates open ${publicUrl}`);
    expect(product.linksCarry()).toBe(publicUrl);

    // Ada runs Tandem on her machine, sets up the workspace and opens it at localhost.
    const localUrl = `http://localhost:${webPort}`;
    const adaAccount = await signUp(localUrl, ADA, { workspaceName: 'Team' });
    const ada = await openPerson(adaAccount, localUrl);
    await ada.page.goto(`${localUrl}/`);
    await ada.page.getByTestId('new-document').click();
    await ada.page.waitForURL(/\/d\/[a-z0-9-]+$/);
    const docId = decodeURIComponent(new URL(ada.page.url()).pathname.slice('/d/'.length));
    const a = new EditorPage(ada.page, localUrl);
    await a.waitUntilSynced();
    await a.focusEnd();
    await ada.page.keyboard.type('Agenda from Ada.');
    await a.waitUntilSaved();
    // She pastes a screenshot: it is uploaded through the page's origin and recorded at PUBLIC_URL.
    await ada.page.evaluate(
      (bytes) => {
        const data = new DataTransfer();
        data.items.add(new File([Uint8Array.from(bytes)], 'plan.png', { type: 'image/png' }));
        const content = document.querySelector('[data-testid="editor-content"]') as HTMLElement;
        content.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
      },
      [...pngImage(40, 30)],
    );
    const image = `[data-testid="editor-content"] img[src^="${publicUrl}/sync/api/uploads/"]`;
    await ada.page.locator(image).waitFor();
    // The edit link she makes in the share dialog carries PUBLIC_URL, not localhost.
    await ada.page.getByTestId('share-open').click();
    await ada.page.getByTestId('link-role').selectOption('editor');
    await ada.page.getByTestId('link-create').click();
    const editLink = await ada.page.getByTestId('link-new-url').inputValue();
    expect(editLink).toMatch(new RegExp(`^${publicUrl.replaceAll('.', '\\.')}/share/[\\w-]{22}$`));
    await ada.page.keyboard.press('Escape');

    // Grace, on another machine, opens the link: the page, its API calls and its WebSocket all go
    // to that one address and port; the sync server's own port is not reachable from there.
    // She joins as a guest, signing up there: the link is what gives her the document.
    const graceAccount = await signUp(publicUrl, GRACE, { inviteToken: await inviteToken(localUrl, adaAccount, 'guest') });
    const grace = await openPerson(graceAccount, publicUrl);
    await grace.page.goto(editLink);
    const g = new EditorPage(grace.page, publicUrl);
    await g.waitUntilSynced();
    await g.waitForText('Agenda from Ada.');
    await g.focusEnd();
    await grace.page.keyboard.type(' Grace adds an item.');
    await a.waitForText('Agenda from Ada. Grace adds an item.');
    await g.waitUntilSaved();
    // Ada's image, uploaded at localhost, loads on Grace's machine.
    await grace.page.locator(image).waitFor();
    await expect.poll(() => grace.page.locator(image).evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(40);
    expect(grace.requested.filter((url) => !url.startsWith(`${publicUrl}/`) && !url.startsWith(`ws://${lan}:${webPort}/`))).toEqual([]);
    expect(grace.requested).toContainEqual(
      expect.stringMatching(new RegExp(`^ws://${lan.replaceAll('.', '\\.')}:${webPort}/sync/${docId}\\?`)),
    );
    await expect(fetch(`http://${lan}:${syncPort}/healthz`)).rejects.toThrow();
    expect((await fetch(`http://127.0.0.1:${syncPort}/healthz`)).status).toBe(200);
    shared = { docId, editLink, ada: a, adaAccount };
  });

  it.skipIf(!hasNginx)(
    'behind nginx with TLS (the README example): the page over https, its WebSocket over wss, the live list',
    {
      timeout: 90_000,
    },
    async () => {
      if (shared === null) throw new Error('the previous test did not share a document');
      const { docId, editLink, ada, adaAccount } = shared;
      const tls = await selfSignedCertificate();
      const [httpsPort, httpPort] = [await freeLocalPort(), await freeLocalPort()];
      const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
      const section = readme.slice(readme.indexOf('## Run it for your team'));
      const example = /```nginx\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
      const replacements: [string, string][] = [
        ['listen 443 ssl;', `listen 127.0.0.1:${httpsPort} ssl;`],
        ['listen 80;', `listen 127.0.0.1:${httpPort};`],
        ['/etc/letsencrypt/live/tandem.example.com/fullchain.pem', tls.cert],
        ['/etc/letsencrypt/live/tandem.example.com/privkey.pem', tls.key],
        ['proxy_pass http://127.0.0.1:3000;', `proxy_pass http://127.0.0.1:${product.webPort};`],
      ];
      let config = example;
      for (const [from, to] of replacements) {
        expect(config, `the README's nginx example has ${from}`).toContain(from);
        config = config.replaceAll(from, to);
      }
      await startNginx(config, httpsPort);
      const httpsOrigin = `https://localhost:${httpsPort}`;

      // Plain http is sent to https.
      const redirect = await fetch(`http://127.0.0.1:${httpPort}/d/${docId}`, { redirect: 'manual' });
      expect(redirect.status).toBe(301);
      expect(redirect.headers.get('location')).toBe(`https://127.0.0.1/d/${docId}`);

      // Linus opens the edit link at the https address: wss:// through nginx, and he co-edits.
      const localUrl = `http://localhost:${product.webPort}`;
      const linusAccount = await signUp(localUrl, LINUS, { inviteToken: await inviteToken(localUrl, adaAccount, 'guest') });
      const linus = await openPerson(linusAccount, httpsOrigin, { ignoreHTTPSErrors: true });
      await linus.page.goto(editLink.replace(/^http:\/\/[^/]+/, httpsOrigin));
      const l = new EditorPage(linus.page, httpsOrigin);
      await l.waitUntilSynced();
      await l.waitForText('Grace adds an item.');
      await l.focusEnd();
      await linus.page.keyboard.type(' Linus over TLS.');
      await ada.waitForText('Linus over TLS.');
      expect(linus.requested).toContainEqual(expect.stringMatching(new RegExp(`^wss://localhost:${httpsPort}/sync/${docId}\\?`)));

      // His document list, through nginx too: the API, and the event stream's live "people editing".
      const list = await linus.context.newPage();
      await list.goto(`${httpsOrigin}/`);
      await list.locator('[data-testid="live-indicator"][data-live]').waitFor();
      await list.locator(`[data-testid="doc-row"][data-doc="${docId}"] [data-testid="doc-row-activity"][data-editors="3"]`).waitFor();
    },
  );
});
