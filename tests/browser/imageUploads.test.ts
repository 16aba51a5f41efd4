import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { pngImage } from '../src/helpers/pngImage.js';
import { seriousAxeViolations } from './helpers/axe.js';
import { chromiumPath } from './helpers/chromium.js';
import { EditorPage } from './helpers/editorPage.js';
import { separateUndoSteps } from './helpers/richText.js';
import { useBrowserStack } from './helpers/stack.js';
import { ADA, GRACE } from './helpers/twoEditors.js';
import { shareLink } from './helpers/sharing.js';

const executablePath = chromiumPath();
const SECRET = 'image-uploads-browser-test-secret-0123456789';
const MAX_UPLOAD_BYTES = 200 * 1024;

type FileSpec = { name: string; mimeType: string; buffer: Buffer };
const png = (name: string, width: number, height: number, fill: Parameters<typeof pngImage>[2]): FileSpec => ({
  name,
  mimeType: 'image/png',
  buffer: pngImage(width, height, fill),
});
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Picks files through the image form's "Upload from device…" and the browser's file chooser. */
async function pickFiles(page: Page, files: FileSpec[]): Promise<void> {
  await page.getByTestId('toolbar-image').click();
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('image-upload').click();
  await (await chooser).setFiles(files);
}

/** Drops a file onto the editor's text, or pastes it, as the browser does with a file from the desktop or a screenshot. */
async function dropOrPaste(page: Page, how: 'drop' | 'paste', file: FileSpec): Promise<void> {
  await page.evaluate(
    ({ how, name, mimeType, bytes }) => {
      const data = new DataTransfer();
      data.items.add(new File([Uint8Array.from(bytes)], name, { type: mimeType }));
      const target = document.querySelector('[data-testid="editor-content"]') as HTMLElement;
      const box = target.getBoundingClientRect();
      const event =
        how === 'paste'
          ? new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true })
          : new DragEvent('drop', {
              dataTransfer: data,
              bubbles: true,
              cancelable: true,
              clientX: box.left + 20,
              clientY: box.bottom - 10,
            });
      target.dispatchEvent(event);
    },
    { how, name: file.name, mimeType: file.mimeType, bytes: [...file.buffer] },
  );
}

/** The image files the server stored. */
async function storedImages(dataDir: string): Promise<string[]> {
  const entries = await readdir(join(dataDir, 'uploads'), { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => entry.isFile() && !entry.parentPath.endsWith('tmp')).map((entry) => entry.name);
}

const loaded = (page: Page, selector: string) =>
  page.locator(selector).evaluateAll((images) => images.filter((img) => (img as HTMLImageElement).naturalWidth > 0).length);

describe.skipIf(executablePath === null)('images uploaded to the sync server (Chromium, auth on)', () => {
  const stack = useBrowserStack(executablePath ?? '', import.meta.url, {
    env: { AUTH_SECRET: SECRET, MAX_UPLOAD_BYTES: String(MAX_UPLOAD_BYTES) },
  });

  /** Ada creates a document and writes in it; Grace opens it with Ada's edit or view link. */
  async function adaAndGrace(access: 'edit' | 'view') {
    const ada = await stack.openUser(ADA);
    await ada.page.goto(stack.app.url);
    await ada.page.getByTestId('new-document').click();
    await ada.page.waitForURL(/\/d\/[a-z0-9-]+$/);
    const a = new EditorPage(ada.page, stack.app.url);
    await a.waitUntilSynced();
    await a.focusEnd();
    await ada.page.keyboard.type('Team photos:');
    await a.waitUntilSaved();
    const docId = decodeURIComponent(new URL(ada.page.url()).pathname.split('/').at(-1) ?? '');
    const link = await shareLink(stack.app.url, stack.account(ADA.name), docId, access === 'edit' ? 'editor' : 'viewer');
    // A guest of the workspace: what she may do comes from the link.
    const grace = await stack.openUser(GRACE, { role: 'guest' });
    const g = new EditorPage(grace.page, stack.app.url);
    await grace.page.goto(link);
    await g.waitUntilSynced();
    await g.waitForText('Team photos:');
    return { ada, grace, a, g };
  }

  it('picked, dropped and pasted images reach the server with progress shown; the other person sees each; undo takes back only your own', async () => {
    const { ada, a, g } = await adaAndGrace('edit');
    const uploads = `${stack.server.httpUrl}/api/uploads/`;

    // A picked file on a slow upload link: its progress is shown until it is stored.
    const picked = png('team.png', 160, 120, 'noise');
    const cdp = await ada.context.newCDPSession(ada.page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 40 * 1024 });
    await pickFiles(ada.page, [picked]);
    const item = ada.page.locator('[data-testid="upload-item"][data-state="uploading"]');
    await item.waitFor();
    expect(await item.textContent()).toContain('team.png');
    await expect
      .poll(
        () =>
          ada.page
            .getByTestId('upload-progress')
            .evaluate((bar) => (bar as HTMLProgressElement).position)
            .catch(() => 1),
        {
          timeout: 10_000,
          interval: 20,
        },
      )
      .toBeGreaterThan(0);
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    const pickedSrc = `${uploads}${sha256(picked.buffer)}.png`;
    await g.content.locator(`img[src="${pickedSrc}"]`).waitFor();
    await expect.poll(() => loaded(g.page, `img[src="${pickedSrc}"]`)).toBe(1);
    await item.waitFor({ state: 'detached' });
    expect(await storedImages(stack.server.dataDir)).toContain(`${sha256(picked.buffer)}.png`);

    // Grace writes a line; Ada drops an image, then pastes a screenshot.
    await g.focusEnd();
    await g.page.keyboard.press('Enter');
    await g.page.keyboard.type('Lovely.');
    await a.waitForText('Lovely.');
    const dropped = png('dropped.png', 30, 20, [220, 38, 38]);
    await dropOrPaste(ada.page, 'drop', dropped);
    await g.content.locator(`img[src="${uploads}${sha256(dropped.buffer)}.png"]`).waitFor();
    await a.focusEnd();
    await separateUndoSteps(ada.page);
    const pasted = png('image.png', 24, 24, [5, 150, 105]);
    await dropOrPaste(ada.page, 'paste', pasted);
    const pastedImage = g.content.locator(`img[src="${uploads}${sha256(pasted.buffer)}.png"]`);
    await pastedImage.waitFor();
    await expect.poll(() => loaded(g.page, 'img.tandem-image')).toBe(3);

    // Ada's undo takes back her pasted image; Grace's words stay, the other images too.
    await g.focusEnd();
    await g.page.keyboard.type(' Really.');
    await a.waitForText('Lovely. Really.');
    await a.content.click();
    await ada.page.keyboard.press('Control+z');
    await pastedImage.waitFor({ state: 'detached' });
    expect(await g.content.locator('img.tandem-image').count()).toBe(2);
    await g.waitForText('Lovely. Really.');
  });

  it('a too-large file, a file that is not an image, an SVG and a PDF are refused with a visible message; nothing is stored or inserted', async () => {
    const { ada, g } = await adaAndGrace('edit');
    const before = await storedImages(stack.server.dataDir);
    const large = png('holiday.png', 300, 300, 'noise');
    expect(large.buffer.length).toBeGreaterThan(MAX_UPLOAD_BYTES);
    await pickFiles(ada.page, [
      large,
      { name: 'notes.png', mimeType: 'image/png', buffer: Buffer.from('Meeting notes, saved with the wrong name.') },
      {
        name: 'logo.svg',
        mimeType: 'image/svg+xml',
        buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
      },
    ]);
    await dropOrPaste(ada.page, 'drop', { name: 'report.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.7 report') });

    const failures = ada.page.locator('[data-testid="upload-item"][data-state="failed"]');
    await expect.poll(() => failures.count(), { timeout: 15_000 }).toBe(4);
    const message = async (name: string) => {
      const failure = failures.filter({ hasText: name });
      await failure.getByTestId('upload-error').waitFor();
      expect(await failure.getByTestId('upload-error').isVisible()).toBe(true);
      return failure.getByTestId('upload-error').textContent();
    };
    expect(await message('holiday.png')).toMatch(/^The image is \d+(\.\d)? KB; the largest accepted is 200 KB\.$/);
    expect(await message('notes.png')).toBe('This file is not a PNG, JPEG, GIF or WebP image.');
    expect(await message('logo.svg')).toMatch(/SVG images cannot be uploaded/);
    expect(await message('report.pdf')).toMatch(/“report\.pdf” is not an image/);
    // Refusals are final: no Retry; Dismiss clears one.
    expect(await failures.getByTestId('upload-retry').count()).toBe(0);
    expect(await seriousAxeViolations(ada.page)).toEqual([]);
    await failures.filter({ hasText: 'report.pdf' }).getByTestId('upload-dismiss').click();
    await expect.poll(() => failures.count()).toBe(3);

    expect(await storedImages(stack.server.dataDir)).toEqual(before);
    expect(await ada.page.locator('img.tandem-image').count()).toBe(0);
    expect(await g.content.locator('img').count()).toBe(0);
  });

  it('an upload that failed because the server was down is retried once it is back, and lands for the other person', async () => {
    const { ada, g } = await adaAndGrace('edit');
    await stack.stopServer();
    const file = png('retry.png', 20, 20, [124, 58, 237]);
    await pickFiles(ada.page, [file]);
    const failure = ada.page.locator('[data-testid="upload-item"][data-state="failed"]');
    await failure.waitFor();
    expect(await failure.getByTestId('upload-error').textContent()).toMatch(/server can't be reached/);
    await stack.restartServer();
    await g.waitUntilSynced(20_000);
    await failure.getByTestId('upload-retry').click();
    await g.content.locator(`img[src="${stack.server.httpUrl}/api/uploads/${sha256(file.buffer)}.png"]`).waitFor();
    await failure.waitFor({ state: 'detached' });
  });

  it('a viewer cannot upload: no image button, a dropped or pasted file is ignored, and the server refuses her token (403)', async () => {
    const { a, grace, g } = await adaAndGrace('view');
    const tokens: string[] = [];
    grace.page.on('websocket', (socket) => tokens.push(new URL(socket.url()).searchParams.get('token') ?? ''));
    const uploadRequests: string[] = [];
    grace.page.on('request', (request) => {
      if (request.url().includes('/uploads')) uploadRequests.push(request.url());
    });
    await grace.page.getByTestId('view-only-badge').waitFor();
    expect(await grace.page.getByTestId('toolbar-image').count()).toBe(0);

    const file = png('viewer.png', 16, 16, [0, 0, 0]);
    await dropOrPaste(grace.page, 'drop', file);
    await g.content.click();
    await dropOrPaste(grace.page, 'paste', file);
    // A change Ada makes after those events reaches Grace: had they done anything, it would show by now.
    await a.focusEnd();
    await a.page.keyboard.type(' Checked.');
    await g.waitForText('Team photos: Checked.');
    expect(await grace.page.getByTestId('upload-item').count()).toBe(0);
    expect(uploadRequests).toEqual([]);
    expect(await a.content.locator('img').count()).toBe(0);

    // Her token (the one her connection uses) is refused by the server itself.
    await grace.page.reload();
    await g.waitUntilSynced();
    const token = tokens.at(-1) as string;
    expect(token.length).toBeGreaterThan(20);
    const docId = decodeURIComponent(new URL(grace.page.url()).pathname.slice('/d/'.length));
    const status = await grace.page.evaluate(
      async ({ url, token: bearer, bytes }) =>
        (await fetch(url, { method: 'POST', headers: { Authorization: `Bearer ${bearer}` }, body: Uint8Array.from(bytes) })).status,
      { url: `${stack.server.httpUrl}/api/docs/${encodeURIComponent(docId)}/uploads`, token, bytes: [...file.buffer] },
    );
    expect(status).toBe(403);
  });
});
