import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { inviteToken as makeInviteToken, signInContext, signUp, type TestAccount, type TestRole, updateProfile } from './accounts.js';
import { CHROMIUM_ARGS } from './chromium.js';
import { type EditorApp, ensureEditorBuilt, startEditorApp } from './editorApp.js';
import { testOutputDir } from './paths.js';
import { acquireSuiteLock } from './suiteLock.js';
import { type SyncServer, startSyncServer } from './syncServer.js';

export interface Identity {
  name: string;
  color: string;
}

export interface BrowserUser extends Identity {
  /** Their account (null for a first visit: signed out). */
  userId: string;
  email: string;
  password: string;
  context: BrowserContext;
  page: Page;
  /** Close this person's page (their tab goes away). */
  closePage: () => Promise<void>;
}

export interface BrowserStack {
  /** The sync server currently running (replaced by `restartServer`). */
  readonly server: SyncServer;
  readonly app: EditorApp;
  readonly browser: Browser;
  /**
   * A person in a fresh browser context (own storage, own IndexedDB, a device of theirs), signed
   * in to their account: made on first use through the sign-up endpoint with an invitation link of
   * the workspace (`role`, default member), its session reused for the same name later in the file.
   * `null`: a first visit, signed out (the app shows the sign-in page).
   */
  openUser(identity: Identity | null, options?: { role?: TestRole }): Promise<BrowserUser>;
  /** Someone `openUser` signed up, again in a fresh context (another device of theirs), their name and colour as they are now. */
  openUserAgain(name: string): Promise<BrowserUser>;
  /** The account of someone `openUser` signed up, by name. */
  account(name: string): TestAccount;
  /** The workspace's owner, who set it up when the stack started. */
  readonly owner: TestAccount;
  /** With `setUpWorkspace: false`: the owner a test set the workspace up as (then `openUser` invites people with their links). */
  setOwner(account: TestAccount): void;
  /** A document id nobody has used yet. */
  newDocId(prefix?: string): string;
  /** Stops the sync server (SIGTERM by default) and waits for it to exit. */
  stopServer(signal?: NodeJS.Signals): Promise<void>;
  /** Starts the sync server again on the same port with the same data directory (and `env` instead of the stack's, if given). */
  restartServer(env?: Record<string, string>): Promise<void>;
}

const SETUP_TIMEOUT_MS = 6 * 60_000;

/**
 * Registers the file's hooks: build the app if needed, start a sync server (temp LevelDB, free
 * port) and `next start` pointed at it (both with `options.env`, e.g. a shared AUTH_SECRET), launch Chromium. Browser contexts opened in a test are
 * closed after it; when the test failed, every open page is screenshotted to
 * tests/test-output/<file> - <test> - <person>.png first.
 */
export function useBrowserStack(
  executablePath: string,
  fileUrl: string,
  options: { env?: Record<string, string>; setUpWorkspace?: boolean } = {},
): BrowserStack {
  const env = options.env ?? {};
  let release: (() => Promise<void>) | null = null;
  let server: SyncServer | null = null;
  let dataDir: string | null = null;
  let app: EditorApp | null = null;
  let browser: Browser | null = null;
  let users: BrowserUser[] = [];
  let docCounter = 0;
  let owner: TestAccount | null = null;
  let appDataDir: string | null = null;
  const accounts = new Map<string, TestAccount>();
  const inviteTokens = new Map<TestRole, string>();
  const file = basename(new URL(fileUrl).pathname).replace(/\.test\.ts$/, '');

  beforeAll(async () => {
    release = await acquireSuiteLock(SETUP_TIMEOUT_MS);
    await ensureEditorBuilt();
    dataDir = await mkdtemp(join(tmpdir(), 'tandem-browser-'));
    server = await startSyncServer(dataDir, 0, env);
    appDataDir = await mkdtemp(join(tmpdir(), 'tandem-browser-app-'));
    app = await startEditorApp(server.wsUrl, { ...env, DATA_DIR: appDataDir });
    // The first person sets up the workspace (as on a fresh install) and owns it; or a test does (`setUpWorkspace: false`).
    if (options.setUpWorkspace !== false) owner = await signUp(app.url, { name: 'Tandem Owner' }, { workspaceName: 'Test team' });
    browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
  }, SETUP_TIMEOUT_MS);

  afterEach(async (context) => {
    const open = users;
    users = [];
    if (context.task.result?.state === 'fail') {
      await mkdir(testOutputDir, { recursive: true });
      for (const user of open) {
        if (user.page.isClosed()) continue;
        const name = `${file} - ${context.task.name} - ${user.name}`.replace(/[^\w\- .]+/g, '_');
        await user.page.screenshot({ path: join(testOutputDir, `${name}.png`), fullPage: true }).catch(() => {});
      }
    }
    await Promise.all(open.map((user) => user.context.close()));
    // A test that stopped the server and failed before restarting it must not break the next one.
    if (server !== null && !server.running()) server = await startSyncServer(server.dataDir, server.port, env);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await server?.stop();
    if (dataDir !== null) await rm(dataDir, { recursive: true, force: true });
    if (appDataDir !== null) await rm(appDataDir, { recursive: true, force: true });
    await release?.();
  });

  const need = <T>(value: T | null, what: string): T => {
    if (value === null) throw new Error(`the browser stack's ${what} is not running (did beforeAll fail?)`);
    return value;
  };

  return {
    get server() {
      return need(server, 'sync server');
    },
    get app() {
      return need(app, 'editor app');
    },
    get browser() {
      return need(browser, 'browser');
    },
    get owner() {
      return need(owner, 'workspace owner');
    },
    setOwner(account) {
      owner = account;
    },
    account(name) {
      const found = accounts.get(name);
      if (found === undefined) throw new Error(`nobody called ${name} signed up in this file`);
      return found;
    },
    async openUser(identity, options = {}) {
      const context = await need(browser, 'browser').newContext({ viewport: { width: 1280, height: 800 } });
      // Shorter than a test's timeout: an action stuck on a locator fails naming it, not as a bare test timeout.
      context.setDefaultTimeout(15_000);
      const appUrl = need(app, 'editor app').url;
      let account: TestAccount | null = null;
      if (identity !== null) {
        account = accounts.get(identity.name) ?? null;
        // The same person again (a later test): with the name and colour this test gives them.
        if (account !== null) await updateProfile(appUrl, account, identity);
        else {
          const role = options.role ?? 'member';
          let token = inviteTokens.get(role);
          if (token === undefined) {
            token = await makeInviteToken(appUrl, need(owner, 'workspace owner'), role);
            inviteTokens.set(role, token);
          }
          account = await signUp(appUrl, identity, { inviteToken: token });
          accounts.set(identity.name, account);
        }
        await signInContext(context, appUrl, account);
      }
      const page = await context.newPage();
      const user: BrowserUser = {
        ...(identity ?? { name: 'first-visit', color: '' }),
        userId: account?.userId ?? '',
        email: account?.email ?? '',
        password: account?.password ?? '',
        context,
        page,
        closePage: () => page.close({ runBeforeUnload: false }),
      };
      users.push(user);
      return user;
    },
    async openUserAgain(name) {
      const account = accounts.get(name);
      if (account === undefined) throw new Error(`nobody called ${name} signed up in this file`);
      const context = await need(browser, 'browser').newContext({ viewport: { width: 1280, height: 800 } });
      context.setDefaultTimeout(15_000);
      await signInContext(context, need(app, 'editor app').url, account);
      const page = await context.newPage();
      const user: BrowserUser = {
        name,
        color: '',
        userId: account.userId,
        email: account.email,
        password: account.password,
        context,
        page,
        closePage: () => page.close({ runBeforeUnload: false }),
      };
      users.push(user);
      return user;
    },
    newDocId(prefix = 'doc') {
      docCounter += 1;
      return `${prefix}-${file}-${docCounter}-${Math.random().toString(36).slice(2, 8)}`;
    },
    async stopServer(signal = 'SIGTERM') {
      await need(server, 'sync server').stop(signal);
    },
    async restartServer(overrideEnv) {
      const previous = need(server, 'sync server');
      if (previous.running()) throw new Error('restartServer: stop the sync server first');
      server = await startSyncServer(previous.dataDir, previous.port, overrideEnv ?? env);
    },
  };
}
