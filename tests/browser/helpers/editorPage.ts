import type { Locator, Page } from 'playwright-core';
import { waitFor } from '../../src/helpers/waitFor.js';

/** Runs in the page: the editor's text with remote carets (and their name labels) left out. */
function documentText(): string {
  const content = document.querySelector('[data-testid="editor-content"]');
  if (!content) return '';
  const copy = content.cloneNode(true) as Element;
  for (const caret of copy.querySelectorAll('.collaboration-carets__caret')) caret.remove();
  return copy.textContent ?? '';
}

/** Stable handles on the editor app's UI (data-testid selectors), and waits on its state. */
export class EditorPage {
  constructor(
    readonly page: Page,
    readonly baseUrl: string,
  ) {}

  get content(): Locator {
    return this.page.getByTestId('editor-content');
  }

  get title(): Locator {
    return this.page.getByTestId('doc-title');
  }

  get status(): Locator {
    return this.page.getByTestId('status-badge');
  }

  get typing(): Locator {
    return this.page.getByTestId('typing-indicator');
  }

  presencePerson(name: string): Locator {
    return this.page.locator(`[data-testid="presence-person"][data-name="${name}"]`);
  }

  remoteCaret(name: string): Locator {
    return this.page.locator(`[data-testid="remote-caret"][data-name="${name}"]`);
  }

  async openDoc(docId: string): Promise<void> {
    await this.page.goto(`${this.baseUrl}/d/${encodeURIComponent(docId)}`);
    await this.content.waitFor();
  }

  /** Waits until the editor is connected and synced with the server. */
  async waitUntilSynced(timeout = 10_000): Promise<void> {
    await this.page.locator('[data-testid="collaborative-editor"][data-status="connected"][data-synced]').waitFor({ timeout });
  }

  /** Waits for the Saved badge (every change acknowledged as durable by the server). */
  async waitUntilSaved(timeout = 10_000): Promise<void> {
    await this.page.locator('[data-testid="status-badge"][data-shown="saved"]').waitFor({ timeout });
  }

  async waitForStatus(shown: 'connecting' | 'offline' | 'saving' | 'saved' | 'unsaved' | 'live', timeout = 10_000): Promise<void> {
    await this.page.locator(`[data-testid="status-badge"][data-shown="${shown}"]`).waitFor({ timeout });
  }

  /** Waits until the document text (remote carets' name labels left out) contains `text`. */
  async waitForText(text: string, timeout = 10_000): Promise<void> {
    await waitFor(async () => (await this.text()).includes(text), {
      timeout,
      interval: 50,
      message: `the document to contain ${JSON.stringify(text)}`,
    });
  }

  /** Waits until the document text no longer contains `text`. */
  async waitForTextGone(text: string, timeout = 10_000): Promise<void> {
    await waitFor(async () => !(await this.text()).includes(text), {
      timeout,
      interval: 50,
      message: `${JSON.stringify(text)} to leave the document`,
    });
  }

  /** Puts the caret at the very end of the document. */
  async focusEnd(): Promise<void> {
    await this.content.click();
    await this.page.keyboard.press('Control+End');
  }

  /** The document text as a reader sees it: without the name labels of remote carets. */
  async text(): Promise<string> {
    return this.page.evaluate(documentText);
  }
}
