import { type Editor, Extension } from '@tiptap/core';
import { Plugin, PluginKey } from '@tiptap/pm/state';

export const imageFileInputPluginKey = new PluginKey('imageFileInput');

export interface ImageFileInputOptions {
  /** Files pasted or dropped at `pos` (the caret for a paste, under the pointer for a drop). */
  onFiles: (editor: Editor, files: File[], pos: number) => void;
}

/** A web address of an image in pasted HTML: that paste keeps the image by its address instead. */
const WEB_IMAGE = /<img\b[^>]*\bsrc\s*=\s*["']?https?:/i;

/**
 * Files pasted (a screenshot, an image copied from a viewer) or dropped onto an editable editor
 * go to `onFiles` instead of being dropped silently. A paste that also carries text (an office
 * app puts a picture of the selection next to its text) or HTML with a web image stays a paste
 * of that text or HTML.
 */
export const ImageFileInput = Extension.create<ImageFileInputOptions>({
  name: 'imageFileInput',
  // Before the image-address and Markdown pastes.
  priority: 1150,

  addOptions() {
    return { onFiles: () => {} };
  },

  addProseMirrorPlugins() {
    const { editor } = this;
    const onFiles = (files: File[], pos: number) => this.options.onFiles(editor, files, pos);
    return [
      new Plugin({
        key: imageFileInputPluginKey,
        props: {
          handlePaste: (view, event) => {
            const data = event.clipboardData;
            const files = data === null ? [] : [...data.files];
            if (!view.editable || files.length === 0 || data === null) return false;
            if (data.getData('text/plain').trim() !== '' || WEB_IMAGE.test(data.getData('text/html'))) return false;
            onFiles(files, view.state.selection.from);
            return true;
          },
          handleDrop: (view, event, _slice, moved) => {
            const files = [...(event.dataTransfer?.files ?? [])];
            if (!view.editable || moved || files.length === 0) return false;
            event.preventDefault();
            const pos = view.posAtCoords({ left: event.clientX, top: event.clientY })?.pos ?? view.state.selection.from;
            onFiles(files, pos);
            return true;
          },
        },
      }),
    ];
  },
});
