import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
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
   * A new person: a fresh browser context (own storage, own IndexedDB) with their identity
   * already chosen, or with none (`null`: a first visit, the app asks for a name).
   */
  openUser(identity: Identity | null): Promise<BrowserUser>;
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
export function useBrowserStack(executablePath: string, fileUrl: string, options: { env?: Record<string, string> } = {}): BrowserStack {
  const env = options.env ?? {};
  let release: (() => Promise<void>) | null = null;
  let server: SyncServer | null = null;
  let dataDir: string | null = null;
  let app: EditorApp | null = null;
  let browser: Browser | null = null;
  let users: BrowserUser[] = [];
  let docCounter = 0;
  const file = basename(new URL(fileUrl).pathname).replace(/\.test\.ts$/, '');

  beforeAll(async () => {
    release = await acquireSuiteLock(SETUP_TIMEOUT_MS);
    await ensureEditorBuilt();
    dataDir = await mkdtemp(join(tmpdir(), 'tandem-browser-'));
    server = await startSyncServer(dataDir, 0, env);
    app = await startEditorApp(server.wsUrl, env);
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
    async openUser(identity) {
      const context = await need(browser, 'browser').newContext({ viewport: { width: 1280, height: 800 } });
      if (identity !== null) {
        await context.addInitScript((stored) => {
          if (localStorage.getItem('tandem.identity') === null) localStorage.setItem('tandem.identity', stored);
        }, JSON.stringify(identity));
      }
      const page = await context.newPage();
      const user: BrowserUser = {
        ...(identity ?? { name: 'first-visit', color: '' }),
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
