import { TandemMention } from '@tandem/schema';
import { PluginKey } from '@tiptap/pm/state';
import type { MentionCandidate } from './mentionCandidates.js';
import type { SuggestionMenuController } from './suggestionMenuController.js';

export const mentionMenuPluginKey = new PluginKey('mentionMenu');

/**
 * The schema's mention node with its `@` menu (Tiptap's suggestion utility, as the slash menu):
 * `@` then a name filters `candidates`; the keys go to `controller` while it is open. Not inside
 * code blocks, only in an editable editor. The chosen person becomes a chip with their key, name
 * and colour, followed by a space, in one transaction (one undo takes it back).
 */
export function mentionWithMenu(controller: SuggestionMenuController<MentionCandidate>, candidates: (query: string) => MentionCandidate[]) {
  const report = (props: {
    query: string;
    items: MentionCandidate[];
    range: { from: number };
    command: (item: MentionCandidate) => void;
  }) => controller.show({ query: props.query, items: props.items, from: props.range.from, choose: props.command });
  return TandemMention.configure({
    suggestion: {
      char: '@',
      pluginKey: mentionMenuPluginKey,
      allow: ({ editor, state, range }) => editor.isEditable && !state.doc.resolve(range.from).parent.type.spec.code,
      items: ({ query }) => candidates(query),
      command: ({ editor, range, props }) => {
        const person = props as MentionCandidate;
        editor
          .chain()
          .focus()
          .insertContentAt(range, [
            { type: 'mention', attrs: { id: person.id, label: person.label, color: person.color } },
            { type: 'text', text: ' ' },
          ])
          .run();
      },
      render: () => ({
        onStart: report,
        onUpdate: report,
        onKeyDown: ({ event }) => controller.keyDown(event.key),
        onExit: () => controller.hide(),
      }),
    },
  });
}
