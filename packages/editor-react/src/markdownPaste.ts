import { Extension } from '@tiptap/core';
import { MarkdownManager } from '@tiptap/markdown';
import { Fragment, Slice } from '@tiptap/pm/model';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import type { EditorView } from '@tiptap/pm/view';
import { Marked, type marked } from 'marked';
import { looksLikeMarkdown } from './looksLikeMarkdown.js';
import { dropUnsafeContent } from './safeContent.js';

export const markdownPastePluginKey = new PluginKey('markdownPaste');

/** HTML that carries structure of its own (not a code editor's coloured spans of Markdown source). */
const STRUCTURE = 'p,h1,h2,h3,h4,h5,h6,ul,ol,li,table,blockquote,pre,strong,b,em,i,u,s,a,img,code,[data-pm-slice]';

function hasStructure(html: string): boolean {
  return new DOMParser().parseFromString(html, 'text/html').body.querySelector(STRUCTURE) !== null;
}

/**
 * Pasting Markdown as text gives structure: headings, lists, task lists, quotes, code, tables,
 * bold, links… parsed by Tiptap's own `MarkdownManager` against the editor's extensions, so it
 * yields exactly what typing could. Applies when the clipboard has only text (or HTML without
 * structure, as code editors copy Markdown source) and that text reads as Markdown; never inside
 * a code block. Ctrl/⌘+Shift+V pastes the plain text as it is (no Markdown, no paste rules). HTML with structure
 * is left to ProseMirror, whose parse keeps what the schema can hold and drops the rest. Unsafe
 * link targets are dropped.
 */
export const MarkdownPaste = Extension.create({
  name: 'markdownPaste',

  addProseMirrorPlugins() {
    const editor = this.editor;
    let manager: MarkdownManager | null = null;
    // Shift held at the paste: Ctrl/⌘+Shift+V asks for plain text (the signal ProseMirror uses too).
    let shift = false;

    const markdownSlice = (view: EditorView, text: string): Slice | null => {
      // Its own marked instance: the manager registers the extensions' tokenizers on it.
      manager ??= new MarkdownManager({
        marked: new Marked() as unknown as typeof marked,
        extensions: editor.extensionManager.baseExtensions,
      });
      const json = dropUnsafeContent(manager.parse(text));
      if (!json.content?.length) return null;
      return Slice.maxOpen(view.state.schema.nodeFromJSON(json).content);
    };

    // The text as typed, one paragraph per line, in the marks at the caret (as ProseMirror's own
    // plain paste does). Dispatched without the paste UI event, so no paste rule turns **x** bold.
    const plainSlice = (view: EditorView, text: string): Slice => {
      const { schema, selection } = view.state;
      const marks = selection.$from.marks();
      const paragraphs = text
        .split(/(?:\r\n?|\n)+/)
        .map((line) => schema.nodes.paragraph?.create(null, line ? schema.text(line, marks) : null))
        .filter((node) => node !== undefined);
      return Slice.maxOpen(Fragment.from(paragraphs));
    };

    return [
      new Plugin({
        key: markdownPastePluginKey,
        props: {
          handleDOMEvents: {
            keydown: (_view, event) => {
              shift = event.shiftKey || event.key === 'Shift';
              return false;
            },
            keyup: (_view, event) => {
              if (event.key === 'Shift') shift = false;
              return false;
            },
          },
          handlePaste: (view, event) => {
            const data = event.clipboardData;
            if (data === null || !view.editable) return false;
            const text = data.getData('text/plain');
            const html = data.getData('text/html');
            if (view.state.selection.$from.parent.type.spec.code || text.length === 0) return false;
            if (shift) {
              view.dispatch(view.state.tr.replaceSelection(plainSlice(view, text)).scrollIntoView().setMeta('paste', true));
              return true;
            }
            if ((html && hasStructure(html)) || !looksLikeMarkdown(text)) return false;
            const slice = markdownSlice(view, text);
            if (slice === null) return false;
            view.dispatch(view.state.tr.replaceSelection(slice).scrollIntoView().setMeta('paste', true).setMeta('uiEvent', 'paste'));
            return true;
          },
        },
      }),
    ];
  },
});
