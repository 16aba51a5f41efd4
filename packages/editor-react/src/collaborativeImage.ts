import { TandemImage } from '@tandem/schema';
import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import type { NodeView } from '@tiptap/pm/view';
import { yUndoPluginKey } from '@tiptap/y-tiptap';
import { UndoManager } from 'yjs';

/**
 * The schema's image with a node view that follows size changes made elsewhere. Tiptap's
 * resizable image view applies `width`/`height` only when it is created, so a colleague's resize
 * (or your own undo of one) changed the document but not the picture until a reload; this view
 * applies them on every update too. A resize is also an undo step of its own: without this, a resize
 * made within the undo manager's capture window (half a second) of inserting the image was merged
 * with the insertion, and undoing the resize removed the image.
 */
export const CollaborativeImage = TandemImage.extend({
  addNodeView() {
    const create = this.parent?.();
    if (!create) return null;
    return (props) => {
      const view = create(props) as NodeView;
      const image = view.dom instanceof HTMLElement ? view.dom.querySelector('img') : null;
      const update = view.update?.bind(view);
      if (image === null || update === undefined) return view;
      const resizable = view as NodeView & { onCommit?: (width: number, height: number) => void };
      const commit = resizable.onCommit;
      if (commit !== undefined) {
        resizable.onCommit = (width, height) => {
          const undoManager = (yUndoPluginKey.getState(props.editor.state) as { undoManager?: UndoManager } | undefined)?.undoManager;
          // The prototype's method: SteadyUndoSteps' per-instance override may decline while a colleague types.
          if (undoManager !== undefined) UndoManager.prototype.stopCapturing.call(undoManager);
          commit(width, height);
          if (undoManager !== undefined) UndoManager.prototype.stopCapturing.call(undoManager);
        };
      }
      view.update = (node: ProseMirrorNode, ...rest) => {
        if (!update(node, ...rest)) return false;
        const { width, height } = node.attrs as { width?: number | null; height?: number | null };
        image.style.width = width ? `${width}px` : '';
        image.style.height = height ? `${height}px` : '';
        return true;
      };
      return view;
    };
  },
});
