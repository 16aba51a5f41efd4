import { Extension } from '@tiptap/core';
import { Plugin, PluginKey } from '@tiptap/pm/state';

export interface LinkEditingOptions {
  /** Called on Mod-K in an editable editor: open the link popover for the selection. */
  onOpen: () => void;
}

/**
 * The editor's side of links: Mod-K opens the link popover, and a click on a link in an
 * editable editor only places the caret (the popover's "Open" follows it), never navigates.
 * In a read-only editor links are plain links: they open in a new tab.
 */
export const LinkEditing = Extension.create<LinkEditingOptions>({
  name: 'linkEditing',

  addOptions() {
    return { onOpen: () => {} };
  },

  addKeyboardShortcuts() {
    return {
      'Mod-k': () => {
        if (!this.editor.isEditable) return false;
        this.options.onOpen();
        return true;
      },
    };
  },

  addProseMirrorPlugins() {
    return [
      new Plugin({
        key: new PluginKey('linkClick'),
        props: {
          handleDOMEvents: {
            click: (view, event) => {
              if (!view.editable || !(event.target instanceof Element)) return false;
              const anchor = event.target.closest('a[href]');
              if (anchor !== null && view.dom.contains(anchor)) event.preventDefault();
              return false; // ProseMirror still places the caret
            },
          },
        },
      }),
    ];
  },
});
