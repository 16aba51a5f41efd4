import Mention from '@tiptap/extension-mention';

/** A colour a mention may carry into a style attribute: a hex colour and nothing else. */
export function isMentionColor(value: unknown): value is string {
  return typeof value === 'string' && /^#[0-9a-f]{3,8}$/i.test(value);
}

/**
 * A mention of a person: an inline chip "@Ada Lovelace" with their id (the person key), name
 * (`label`) and colour, kept as they were when mentioned. Only a hex colour is ever written into
 * the chip's style. The editor adds the `@` suggestion menu (`Mention.configure({ suggestion })`);
 * without it, typing `@` does nothing special.
 */
export const TandemMention = Mention.extend({
  addAttributes() {
    return {
      ...this.parent?.(),
      color: {
        default: null,
        parseHTML: (element) => {
          const color = element.getAttribute('data-color');
          return isMentionColor(color) ? color : null;
        },
        renderHTML: (attributes: Record<string, unknown>) =>
          isMentionColor(attributes.color) ? { 'data-color': attributes.color, style: `--tandem-mention-color: ${attributes.color}` } : {},
      },
    };
  },
}).configure({
  HTMLAttributes: { class: 'tandem-mention' },
});
