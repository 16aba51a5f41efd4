import type { Node } from '@tiptap/pm/model';
import { updateYFragment } from '@tiptap/y-tiptap';
import { DocSchema } from '@tandem/protocol';
import { simpleDiffString } from 'lib0/diff';
import * as Y from 'yjs';
import { ContentError } from './contentError.js';
import type { DocumentView, ViewBlock } from './documentView.js';

/** A top-level block: by position (0 is the first) or by id (`blockId`). */
export type BlockRef = { index: number } | { id: string };

/**
 * Edits to a document's content, each written into its Y.Doc as the smallest change y-tiptap's
 * `updateYFragment` finds (the editor's own binding, used the same way): blocks that stay are not
 * touched, a changed block is updated in place when it keeps its kind, so concurrent typing in
 * every other block (and the carets there) survive. The Y.Doc must be one nobody else writes
 * into while an edit runs (the server uses a copy that follows its room).
 */
export function replaceContent(view: DocumentView, next: Node): void {
  writeBlocks(view, view.blocks(), next.content.content);
}

/** Appends the blocks of `addition` after the last block. */
export function appendContent(view: DocumentView, addition: Node): void {
  const blocks = view.blocks();
  writeBlocks(view, blocks, [...blocks.map((block) => block.node), ...addition.content.content]);
}

/**
 * Replaces one block with the blocks of `replacement` (one or more); returns where it was. A block
 * replaced by one of the same kind is updated in place (`updateYFragment` on its element, as the
 * whole-document diff would do for it, without walking the other blocks).
 */
export function replaceBlock(view: DocumentView, ref: BlockRef, replacement: Node): { index: number } {
  const fragment = view.doc.getXmlFragment(DocSchema.content);
  const index = 'index' in ref ? ref.index : view.indexOfBlock(ref.id);
  if (index < 0 || index >= fragment.length) {
    const which = 'index' in ref ? `index ${ref.index}` : `id ${JSON.stringify(ref.id)}`;
    throw new ContentError('unknown-block', `no block with ${which}: the document has ${fragment.length} blocks`);
  }
  const element = fragment.get(index);
  const only = replacement.childCount === 1 ? replacement.child(0) : null;
  if (only !== null && element instanceof Y.XmlElement && element.nodeName === only.type.name) {
    updateYFragment(view.doc, element, only, { mapping: new Map(), isOMark: new Map() });
    return { index };
  }
  const blocks = view.blocks();
  const children = blocks.map((block) => block.node);
  children.splice(index, 1, ...replacement.content.content);
  writeBlocks(view, blocks, children);
  return { index };
}

/** Sets the title (a Y.Text) with the smallest change: the common start and end stay. */
export function setTitle(doc: Y.Doc, title: string): void {
  const text = doc.getText(DocSchema.title);
  const { index, remove, insert } = simpleDiffString(text.toString(), title);
  if (remove === 0 && insert === '') return;
  doc.transact(() => {
    if (remove > 0) text.delete(index, remove);
    if (insert !== '') text.insert(index, insert);
  });
}

/**
 * Writes `children` as the document's blocks. The blocks as read are mapped to their Y elements,
 * so `updateYFragment` recognises the ones that stay by identity and diffs only the rest.
 */
function writeBlocks(view: DocumentView, current: readonly ViewBlock[], children: readonly Node[]): void {
  const mapping = new Map<Y.XmlElement, Node>();
  for (const block of current) mapping.set(block.element, block.node);
  const next = view.schema.topNodeType.create(null, [...children]);
  updateYFragment(view.doc, view.doc.getXmlFragment(DocSchema.content), next, {
    mapping: mapping as never,
    isOMark: new Map(),
  });
}
