import { ySyncPluginKey } from '@tiptap/y-tiptap';
import * as Y from 'yjs';
import type { RestoreAnswer } from './historyApi.js';

const fromBase64 = (text: string): Uint8Array => Uint8Array.from(atob(text), (char) => char.charCodeAt(0));

/** True once `doc` holds everything the state vector names. */
function covers(doc: Y.Doc, stateVector: Uint8Array): boolean {
  for (const [client, clock] of Y.decodeStateVector(stateVector)) if (Y.getState(doc.store, client) < clock) return false;
  return true;
}

/**
 * Applies a restore the server sent through this editor's own connection (so the server did not
 * send it back) as this editor's own change: with y-tiptap's origin, which the editor's undo
 * manager tracks, so Ctrl/⌘+Z takes the restore back. It first waits (up to `waitMs`) until the
 * doc has everything the change was made against, which the server relayed before: then every
 * deletion of the restore happens in this one transaction, and undo can bring it all back.
 */
export async function applyRestore(doc: Y.Doc, answer: RestoreAnswer, waitMs = 10_000): Promise<void> {
  if (!answer.viaConnection || answer.update === null) return;
  const base = fromBase64(answer.baseStateVector);
  if (!covers(doc, base)) {
    await new Promise<void>((resolve) => {
      const check = () => {
        if (!covers(doc, base)) return;
        done();
      };
      const timer = setTimeout(() => done(), waitMs);
      const done = () => {
        clearTimeout(timer);
        doc.off('update', check);
        resolve();
      };
      doc.on('update', check);
    });
  }
  Y.applyUpdate(doc, fromBase64(answer.update), ySyncPluginKey);
}
