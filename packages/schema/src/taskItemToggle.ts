import { Extension, findParentNode } from '@tiptap/core';

declare module '@tiptap/core' {
  interface Commands<ReturnType> {
    taskItemToggle: {
      /** Checks or unchecks the task item the caret is in (the innermost one). */
      toggleTaskItemChecked: () => ReturnType;
    };
  }
}

/**
 * The keyboard path to a task's checkbox: Mod-Enter checks or unchecks the task at the caret,
 * so nobody needs a mouse to tick one off. Only in an editable editor, like the checkbox.
 */
export const TaskItemToggle = Extension.create({
  name: 'taskItemToggle',

  addCommands() {
    return {
      toggleTaskItemChecked:
        () =>
        ({ state, tr, dispatch }) => {
          const item = findParentNode((node) => node.type.name === 'taskItem')(state.selection);
          if (item === undefined) return false;
          if (dispatch) tr.setNodeMarkup(item.pos, undefined, { ...item.node.attrs, checked: !item.node.attrs.checked });
          return true;
        },
    };
  },

  addKeyboardShortcuts() {
    return {
      'Mod-Enter': () => this.editor.isEditable && this.editor.commands.toggleTaskItemChecked(),
    };
  },
});
