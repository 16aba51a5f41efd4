import { EditorPage } from './editorPage.js';
import type { BrowserStack } from './stack.js';

export const ADA = { name: 'Ada Lovelace', color: '#e11d48' };
export const GRACE = { name: 'Grace Hopper', color: '#059669' };

/** Ada and Grace, each in a browser context of their own, both synced on one new document. */
export async function twoEditors(stack: BrowserStack) {
  const docId = stack.newDocId();
  const ada = await stack.openUser(ADA);
  const grace = await stack.openUser(GRACE);
  const a = new EditorPage(ada.page, stack.app.url);
  const g = new EditorPage(grace.page, stack.app.url);
  await Promise.all([a.openDoc(docId), g.openDoc(docId)]);
  await Promise.all([a.waitUntilSynced(), g.waitUntilSynced()]);
  return { docId, ada, grace, a, g };
}
