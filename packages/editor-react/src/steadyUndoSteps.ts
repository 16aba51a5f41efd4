import { Extension } from '@tiptap/core';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import { ySyncPluginKey, yUndoPluginKey } from '@tiptap/y-tiptap';
import type { UndoManager } from 'yjs';

/**
 * Undo steps the same size whoever else is typing. Root cause: y-prosemirror's sync plugin
 * remembers `addToHistory: false` from the last remote change until the next local change, and on
 * every transaction in between (a selection or a remote caret moving) it calls the undo manager's
 * `stopCapturing()` as if a local change had been left out of history. While a colleague types,
 * every keystroke of yours then becomes an undo step of its own. This lets `stopCapturing()` act
 * only when the last change to the document was local (or while undoing or redoing).
 */
export const SteadyUndoSteps = Extension.create({
  name: 'steadyUndoSteps',

  addProseMirrorPlugins() {
    // Was the last transaction that changed the document a remote change applied by the sync plugin?
    let lastChangeRemote = false;
    return [
      new Plugin({
        key: new PluginKey('steadyUndoSteps'),
        state: {
          init: () => null,
          apply: (tr) => {
            if (tr.docChanged)
              lastChangeRemote = (tr.getMeta(ySyncPluginKey) as { isChangeOrigin?: boolean } | undefined)?.isChangeOrigin === true;
            return null;
          },
        },
        view: (view) => {
          const undoManager = (yUndoPluginKey.getState(view.state) as { undoManager?: UndoManager } | undefined)?.undoManager;
          if (undoManager === undefined) return {};
          const stopCapturing = undoManager.stopCapturing;
          undoManager.stopCapturing = function steadyStopCapturing(this: UndoManager) {
            if (undoManager.undoing || undoManager.redoing || !lastChangeRemote) stopCapturing.call(undoManager);
          };
          return {
            destroy: () => {
              undoManager.stopCapturing = stopCapturing;
            },
          };
        },
      }),
    ];
  },
});
