import { imageUrlInText } from '@tandem/schema';
import { Extension } from '@tiptap/core';
import { NodeSelection, Plugin, PluginKey } from '@tiptap/pm/state';

export const imagePastePluginKey = new PluginKey('imagePaste');

/**
 * Pasting just the address of an image (`https://…/photo.png`, see `imageUrlInText`) with nothing
 * selected inserts the image there, selected, so that its alt text is one click away. With a
 * selection the address links it (the link extension's paste), and pasted HTML keeps its own
 * images. Nothing is uploaded: the document holds the address.
 */
export const ImagePaste = Extension.create({
  name: 'imagePaste',
  // Before the Markdown paste and the link extension's paste handling.
  priority: 1100,

  addProseMirrorPlugins() {
    return [
      new Plugin({
        key: imagePastePluginKey,
        props: {
          handlePaste: (view, event) => {
            const data = event.clipboardData;
            const image = view.state.schema.nodes.image;
            if (data === null || image === undefined || !view.editable || !view.state.selection.empty) return false;
            if (data.getData('text/html').includes('<img')) return false;
            const src = imageUrlInText(data.getData('text/plain'));
            if (src === null || view.state.selection.$from.parent.type.spec.code) return false;
            const from = view.state.selection.from;
            const tr = view.state.tr.replaceSelectionWith(image.create({ src, alt: '' }));
            // Select the new image: it sits where the caret was, give or take the split of its paragraph.
            let at: number | null = null;
            tr.doc.nodesBetween(Math.max(0, from - 2), Math.min(tr.doc.content.size, from + 4), (node, pos) => {
              if (at === null && node.type === image && node.attrs.src === src) at = pos;
            });
            if (at !== null) tr.setSelection(NodeSelection.create(tr.doc, at));
            view.dispatch(tr.scrollIntoView().setMeta('paste', true));
            return true;
          },
        },
      }),
    ];
  },
});
