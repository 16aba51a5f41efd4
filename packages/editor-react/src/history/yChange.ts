import { Extension, Mark } from '@tiptap/core';
import { authorName } from './versionGroups.js';

/** How a comparison marks a change (y-prosemirror's `ychange`): who, and added or removed. */
export interface YChangeAttrs {
  type: 'added' | 'removed';
  user: string;
}

export interface YChangeOptions {
  colorOf: (author: string | null) => string;
  nameOf: (author: string | null) => string;
}

const describe = (change: YChangeAttrs, nameOf: YChangeOptions['nameOf']) =>
  `${change.type === 'added' ? 'Added' : 'Removed'} by ${nameOf(change.user)}`;

const changeAttributes = (change: YChangeAttrs, { colorOf, nameOf }: YChangeOptions) => ({
  class: `tandem-ychange tandem-ychange--${change.type}`,
  'data-ychange': change.type,
  'data-author': change.user,
  title: describe(change, nameOf),
  style: `--tandem-ychange-color: ${colorOf(change.user)}`,
});

/**
 * Text a comparison marks (y-prosemirror's `ychange` mark): inserted text as `<ins>`, deleted text
 * as `<del>`, in the author's colour, named in its title. Only for showing a comparison: read-only.
 */
export const YChangeMark = Mark.create<YChangeOptions>({
  name: 'ychange',
  inclusive: false,
  excludes: '',
  addOptions: () => ({ colorOf: () => 'currentColor', nameOf: authorName }),
  addAttributes: () => ({ type: { default: 'added' }, user: { default: '' } }),
  renderHTML({ mark }) {
    const change = mark.attrs as YChangeAttrs;
    return [change.type === 'removed' ? 'del' : 'ins', changeAttributes(change, this.options), 0];
  },
});

/** The same for a whole block added or removed (y-prosemirror's `ychange` node attribute). */
export const YChangeBlocks = Extension.create<YChangeOptions & { types: string[] }>({
  name: 'ychangeBlocks',
  addOptions: () => ({ colorOf: () => 'currentColor', nameOf: authorName, types: [] }),
  addGlobalAttributes() {
    const { colorOf, nameOf } = this.options;
    return [
      {
        types: this.options.types,
        attributes: {
          ychange: {
            default: null,
            parseHTML: () => null,
            renderHTML: (attributes: Record<string, unknown>) => {
              const change = attributes.ychange as YChangeAttrs | null;
              return change === null ? {} : changeAttributes(change, { colorOf, nameOf });
            },
          },
        },
      },
    ];
  },
});
