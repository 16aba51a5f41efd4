import type { Extensions } from '@tiptap/core';
import Highlight from '@tiptap/extension-highlight';
import { TaskItem, TaskList } from '@tiptap/extension-list';
import Subscript from '@tiptap/extension-subscript';
import Superscript from '@tiptap/extension-superscript';
import { TableKit } from '@tiptap/extension-table';
import TextAlign from '@tiptap/extension-text-align';
import StarterKit from '@tiptap/starter-kit';
import { TandemImage } from './tandemImage.js';
import { TandemLink } from './tandemLink.js';
import { TandemMention } from './tandemMention.js';
import { TaskItemToggle } from './taskItemToggle.js';

/** The block types whose text can be aligned. */
export const ALIGNABLE_TYPES = ['heading', 'paragraph'] as const;
export const TEXT_ALIGNMENTS = ['left', 'center', 'right', 'justify'] as const;
export type TextAlignment = (typeof TEXT_ALIGNMENTS)[number];

/**
 * Every node, mark and attribute a Tandem document can hold, with the editing behaviour that
 * belongs to them (keyboard shortcuts, input rules). The editor uses exactly this list, plus
 * collaboration, carets and its own UI; a server can pass it to `getSchema` or `@tiptap/html` to
 * read or render stored documents. Nothing here touches the DOM or React when imported.
 *
 * Undo/redo is left out: in a shared document it must be Yjs's per-user undo, which the editor
 * adds with the collaboration extension.
 */
export function tandemExtensions(): Extensions {
  return [
    // StarterKit: paragraphs, headings, lists, quotes, code, rules, bold, italic, strike, underline…
    StarterKit.configure({ undoRedo: false, link: false }),
    TandemLink,
    TaskList,
    TaskItem.configure({ nested: true }),
    TaskItemToggle,
    Highlight,
    TextAlign.configure({ types: [...ALIGNABLE_TYPES], alignments: [...TEXT_ALIGNMENTS] }),
    Subscript,
    Superscript,
    TableKit.configure({ table: { resizable: true, allowTableNodeSelection: true } }),
    TandemImage,
    TandemMention,
  ];
}
