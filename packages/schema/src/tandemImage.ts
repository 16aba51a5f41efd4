import { nodeInputRule } from '@tiptap/core';
import Image from '@tiptap/extension-image';
import { isSafeImageSrc } from './imageSafety.js';

/** `![alt](https://… "title")` typed as Markdown, with a web address only (the stock rule takes any). */
const MARKDOWN_IMAGE = /(?:^|\s)(!\[(.+|:?)]\((https?:\/\/\S+?)(?:(?:\s+)["'](\S+)["'])?\))$/;

/**
 * Images as Tandem stores them: a block holding the address of an image elsewhere (`src`,
 * http(s) only, see `isSafeImageSrc`), its `alt` text, and a width set by dragging its corner
 * (shared like any other attribute). An unsafe address is never parsed from pasted HTML nor
 * rendered; `![alt](src)` typed as Markdown makes one.
 */
export const TandemImage = Image.extend({
  addAttributes() {
    const parent = this.parent?.() ?? {};
    return {
      ...parent,
      src: {
        default: null,
        parseHTML: (element) => {
          const src = element.getAttribute('src');
          return isSafeImageSrc(src) ? src : null;
        },
        renderHTML: (attributes: Record<string, unknown>) => (isSafeImageSrc(attributes.src) ? { src: attributes.src } : {}),
      },
    };
  },

  addInputRules() {
    return [
      nodeInputRule({
        find: MARKDOWN_IMAGE,
        type: this.type,
        getAttributes: (match) => {
          const [, , alt, src, title] = match;
          return { src, alt, title };
        },
      }),
    ];
  },

  parseHTML() {
    return [{ tag: 'img[src]', getAttrs: (element) => (isSafeImageSrc(element.getAttribute('src')) ? null : false) }];
  },
}).configure({
  inline: false,
  allowBase64: false,
  resize: { enabled: true, alwaysPreserveAspectRatio: true, minWidth: 48, minHeight: 24 },
  HTMLAttributes: { class: 'tandem-image', loading: 'lazy', referrerpolicy: 'no-referrer' },
});
