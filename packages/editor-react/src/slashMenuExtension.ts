import { Extension } from '@tiptap/core';
import { PluginKey } from '@tiptap/pm/state';
import { Suggestion } from '@tiptap/suggestion';
import { filterSlashCommands, type SlashActions, type SlashCommand } from './slashCommands.js';
import type { SlashMenuController } from './slashMenuController.js';

export interface SlashMenuOptions {
  controller: SlashMenuController | null;
  /** What commands that open a form (the image) call. */
  actions: SlashActions;
}

export const slashMenuPluginKey = new PluginKey('slashMenu');

/**
 * `/` at the start of a line or after a space opens the block menu (Tiptap's suggestion
 * utility); typing filters it, the keys go to `controller` while it is open. Not inside code
 * blocks, and only in an editable editor. The chosen block replaces the `/query` in one
 * transaction, so one undo takes it back.
 */
export const SlashMenuExtension = Extension.create<SlashMenuOptions>({
  name: 'slashMenu',

  addOptions() {
    return { controller: null, actions: { openImage: () => {} } };
  },

  addProseMirrorPlugins() {
    const { controller, actions } = this.options;
    if (controller === null) return [];
    const report = (props: { query: string; items: SlashCommand[]; range: { from: number }; command: (command: SlashCommand) => void }) =>
      controller.show({ query: props.query, items: props.items, from: props.range.from, choose: props.command });
    return [
      Suggestion<SlashCommand, SlashCommand>({
        editor: this.editor,
        pluginKey: slashMenuPluginKey,
        char: '/',
        allow: ({ editor, state, range }) => editor.isEditable && !state.doc.resolve(range.from).parent.type.spec.code,
        items: ({ query }) => filterSlashCommands(query),
        command: ({ editor, range, props: command }) => {
          command.run(editor.chain().focus().deleteRange(range), actions).run();
        },
        render: () => ({
          onStart: report,
          onUpdate: report,
          onKeyDown: ({ event }) => controller.keyDown(event.key),
          onExit: () => controller.hide(),
        }),
      }),
    ];
  },
});
