import { Extension } from '@tiptap/core';
import { Plugin, PluginKey } from '@tiptap/pm/state';

/** The parts of a key event a shortcut looks at (a DOM or a React keyboard event). */
export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

export interface DomShortcut {
  matches: (event: KeyPress) => boolean;
  run: () => void;
}

export interface DomShortcutsOptions {
  shortcuts: DomShortcut[];
}

/** Ctrl+<key>, or ⌘<key> on Apple devices, without Alt or Shift. */
export const modKey =
  (key: string) =>
  (event: KeyPress): boolean =>
    event.key.toLowerCase() === key && (event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey;

/** Ctrl+F / ⌘F: find in the document. */
export const isFindShortcut = modKey('f');
/** Ctrl+/ / ⌘/: the keyboard shortcuts sheet. */
export const isShortcutsSheetShortcut = modKey('/');

/**
 * Shortcuts for the editor's panels (find, the shortcuts sheet), read from the DOM keydown rather
 * than a keymap so that they also work in a read-only editor: ProseMirror runs keymaps only while
 * the view is editable.
 */
export const DomShortcuts = Extension.create<DomShortcutsOptions>({
  name: 'domShortcuts',

  addOptions() {
    return { shortcuts: [] };
  },

  addProseMirrorPlugins() {
    const { shortcuts } = this.options;
    return [
      new Plugin({
        key: new PluginKey('domShortcuts'),
        props: {
          handleDOMEvents: {
            keydown: (_view, event) => {
              const shortcut = shortcuts.find((s) => s.matches(event));
              if (shortcut === undefined) return false;
              event.preventDefault();
              shortcut.run();
              return true;
            },
          },
        },
      }),
    ];
  },
});
