import { yXmlFragmentToProsemirrorJSON } from '@tiptap/y-tiptap';
import * as Y from 'yjs';
import { ContentError } from './contentError.js';
import type { JSONContent } from './contentFormat.js';

/**
 * A block's id: the Yjs id of its element (`<client>:<clock>`). It is the same on every replica and
 * stays with the block while people edit inside it; it changes only when the block itself is
 * deleted and made again (e.g. turned into another kind of block, or split: the second half is new).
 */
export function blockId(element: Y.XmlElement): string {
  const item = element._item;
  if (item === null) throw new Error('a top-level block has no Yjs item');
  return `${item.id.client}:${item.id.clock}`;
}

/** The top-level blocks of a document's content, in order. Throws for text directly in the fragment. */
export function topLevelBlocks(fragment: Y.XmlFragment): Y.XmlElement[] {
  const blocks = fragment.toArray();
  for (const [index, block] of blocks.entries()) {
    if (!(block instanceof Y.XmlElement)) {
      throw new ContentError('unreadable-document', `block ${index} of the document is not an element (text outside any block)`);
    }
  }
  return blocks as Y.XmlElement[];
}

/**
 * ProseMirror JSON of one block, read without changing the Y.Doc (y-tiptap's
 * `yXmlFragmentToProsemirrorJSON` for its children; the editor's binding, by contrast, deletes
 * what does not fit the schema as it reads).
 */
export function blockToJSON(element: Y.XmlElement): JSONContent {
  const attrs = element.getAttributes();
  // Its children as a fragment's: a text child comes back as an array of text nodes.
  const content = ((yXmlFragmentToProsemirrorJSON(element as unknown as Y.XmlFragment) as JSONContent).content ?? []).flat();
  return {
    type: element.nodeName,
    ...(Object.keys(attrs).length > 0 ? { attrs } : {}),
    ...(content.length > 0 ? { content } : {}),
  };
}
