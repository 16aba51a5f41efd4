import { TandemImage } from '@tandem/schema';
import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import type { NodeView } from '@tiptap/pm/view';

/**
 * The schema's image with a node view that follows size changes made elsewhere. Tiptap's
 * resizable image view applies `width`/`height` only when it is created, so a colleague's resize
 * (or your own undo of one) changed the document but not the picture until a reload; this view
 * applies them on every update too.
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
