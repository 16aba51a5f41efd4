import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chromiumPath } from './helpers/chromium.js';
import { EditorPage } from './helpers/editorPage.js';
import { useBrowserStack } from './helpers/stack.js';

const executablePath = chromiumPath();
const ACK = 100;

/**
 * Waits until every IndexedDB write the page has started for `dbName` has committed: a
 * read-only transaction on the store is scheduled only after earlier read-write ones finish.
 * Returns the number of stored records.
 */
function flushIndexedDb(page: Page, dbName: string): Promise<number> {
  return page.evaluate(
    (name) =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction('updates', 'readonly');
          const count = tx.objectStore('updates').count();
          tx.oncomplete = () => {
            db.close();
            resolve(count.result);
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    dbName,
  );
}

describe.skipIf(executablePath === null)('saving, reloading and working offline (Chromium)', () => {
  const stack = useBrowserStack(executablePath ?? '', import.meta.url);

  it('says Saved only once the server acknowledged the write, and the text survives a server crash', async () => {
    const docId = stack.newDocId();
    const ada = await stack.openUser({ name: 'Ada Lovelace', color: '#e11d48' });
    const grace = await stack.openUser({ name: 'Grace Hopper', color: '#059669' });

    // Ada's WebSocket goes through a relay that can hold back the server's durable acks.
    let holdAcks = false;
    const held: Array<() => void> = [];
    let acksSeen = 0;
    await ada.context.routeWebSocket(/.*/, (socket) => {
      const server = socket.connectToServer();
      socket.onMessage((message) => server.send(message));
      server.onMessage((message) => {
        if (typeof message !== 'string' && message[0] === ACK) {
          acksSeen += 1;
          if (holdAcks) {
            held.push(() => socket.send(message));
            return;
          }
        }
        socket.send(message);
      });
    });

    const a = new EditorPage(ada.page, stack.app.url);
    const g = new EditorPage(grace.page, stack.app.url);
    await Promise.all([a.openDoc(docId), g.openDoc(docId)]);
    await Promise.all([a.waitUntilSynced(), g.waitUntilSynced()]);
    await a.waitUntilSaved();
    expect(acksSeen).toBeGreaterThan(0);

    holdAcks = true;
    await a.focusEnd();
    await a.page.keyboard.type('Durable words.');
    // The server relays an update only after storing it: once Grace has the text, it is on disk,
    // but Ada has not been told yet, so she must still see "Saving…".
    await g.waitForText('Durable words.');
    await a.waitForStatus('saving');
    expect(await a.status.textContent()).toContain('Saving');
    expect(held.length).toBeGreaterThan(0);

    holdAcks = false;
    for (const release of held.splice(0)) release();
    await a.waitUntilSaved();
    expect(await a.status.textContent()).toContain('Saved');

    // "Saved" means durable: kill the server without a chance to flush, start it again on the
    // same data, and a fresh browser (no local copy) gets the text from the server.
    await stack.stopServer('SIGKILL');
    await stack.restartServer();
    const carol = await stack.openUser({ name: 'Carol Shaw', color: '#7c3aed' });
    const c = new EditorPage(carol.page, stack.app.url);
    await c.openDoc(docId);
    await c.waitUntilSynced();
    await c.waitForText('Durable words.');

    // And Ada's reload shows it too.
    await a.page.reload();
    await a.waitUntilSynced();
    await a.waitForText('Durable words.');
  });

  it('keeps offline edits through a reload and merges them when the server is back', async () => {
    const docId = stack.newDocId();
    const ada = await stack.openUser({ name: 'Ada Lovelace', color: '#e11d48' });
    const grace = await stack.openUser({ name: 'Grace Hopper', color: '#059669' });
    const a = new EditorPage(ada.page, stack.app.url);
    const g = new EditorPage(grace.page, stack.app.url);
    await Promise.all([a.openDoc(docId), g.openDoc(docId)]);
    await Promise.all([a.waitUntilSynced(), g.waitUntilSynced()]);
    await a.focusEnd();
    await a.page.keyboard.type('Online text.');
    await g.waitForText('Online text.');
    await a.waitUntilSaved();

    await stack.stopServer();
    await Promise.all([a.waitForStatus('offline'), g.waitForStatus('offline')]);
    await a.page.getByTestId('offline-banner').filter({ hasText: 'kept on this device' }).waitFor();

    const dbName = `tandem:${stack.server.wsUrl}:${docId}`;
    const before = await flushIndexedDb(a.page, dbName);
    await a.focusEnd();
    await a.page.keyboard.type(' Written offline.');
    await g.focusEnd();
    await g.page.keyboard.type(' Grace offline too.');
    expect(await flushIndexedDb(a.page, dbName)).toBeGreaterThan(before);

    // The reload finds no server, but the text is still there (IndexedDB) and unsaved.
    await a.page.reload();
    await a.content.waitFor();
    await a.waitForText('Online text. Written offline.');
    await a.waitForStatus('offline');

    // The list page says the server is unreachable instead of failing.
    const list = await ada.context.newPage();
    await list.goto(stack.app.url);
    await list.getByTestId('server-offline').waitFor();
    await list.close();

    // Server back: both sides reconnect by themselves and merge.
    await stack.restartServer();
    await g.waitForText('Written offline.', 15_000);
    await a.waitForText('Grace offline too.', 15_000);
    await Promise.all([a.waitUntilSaved(15_000), g.waitUntilSaved(15_000)]);
    expect(await a.text()).toBe(await g.text());
  });

  it('opens a document for the first time while the server is down: an offline editor that works, then syncs', async () => {
    const docId = stack.newDocId();
    await stack.stopServer();
    try {
      // A first visit: no copy in this browser, no server. The page still renders a usable editor.
      const ada = await stack.openUser({ name: 'Ada Lovelace', color: '#e11d48' });
      const a = new EditorPage(ada.page, stack.app.url);
      await a.openDoc(docId);
      await a.content.waitFor();
      await a.waitForStatus('offline');
      await a.page.getByTestId('offline-banner').filter({ hasText: 'kept on this device' }).waitFor();
      expect(await a.page.getByTestId('editor-error').count()).toBe(0);
      await a.focusEnd();
      await a.page.keyboard.type('Written before the server ever saw this document.');
      await a.waitForText('Written before the server ever saw this document.');
    } finally {
      await stack.restartServer();
    }
    // Server up: the text reaches the server by itself, and a second person gets it from there.
    const grace = await stack.openUser({ name: 'Grace Hopper', color: '#059669' });
    const g = new EditorPage(grace.page, stack.app.url);
    await g.openDoc(docId);
    await g.waitUntilSynced(15_000);
    await g.waitForText('Written before the server ever saw this document.', 15_000);
  });
});
