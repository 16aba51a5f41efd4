import type { Node } from '@tiptap/pm/model';
import { Transform } from '@tiptap/pm/transform';
import { isMentionColor, isSafeImageSrc, isSafeLinkHref } from '@tandem/schema';
import { ContentError } from './contentError.js';

interface Unsafe {
  what: string;
  /** Makes the document safe: drops the link, the image, or the colour. */
  fix: (transform: Transform) => void;
}

function findUnsafe(doc: Node): Unsafe[] {
  const found: Unsafe[] = [];
  doc.descendants((node, pos) => {
    for (const mark of node.marks) {
      if (mark.type.name === 'link' && !isSafeLinkHref(String(mark.attrs.href ?? ''))) {
        found.push({
          what: `link ${JSON.stringify(mark.attrs.href)}`,
          fix: (tr) => tr.removeMark(tr.mapping.map(pos), tr.mapping.map(pos + node.nodeSize), mark),
        });
      }
    }
    if (node.type.name === 'image' && !isSafeImageSrc(node.attrs.src)) {
      found.push({
        what: `image ${JSON.stringify(node.attrs.src)}`,
        fix: (tr) => tr.delete(tr.mapping.map(pos), tr.mapping.map(pos + node.nodeSize)),
      });
    }
    if (node.type.name === 'mention' && node.attrs.color !== null && !isMentionColor(node.attrs.color)) {
      found.push({
        what: `mention colour ${JSON.stringify(node.attrs.color)}`,
        fix: (tr) => tr.setNodeAttribute(tr.mapping.map(pos), 'color', null),
      });
    }
  });
  return found;
}

/**
 * The document with only what the editor itself would let in: links to http, https and mailto
 * addresses, images from http and https, mention colours in hex. `strip` drops the rest (the
 * link's text stays), as the editor does with pasted content; `reject` throws, for content that
 * claims to be a document already (JSON).
 */
export function withSafeAddresses(doc: Node, mode: 'strip' | 'reject'): Node {
  const unsafe = findUnsafe(doc);
  if (unsafe.length === 0) return doc;
  if (mode === 'reject') {
    throw new ContentError(
      'unsafe-address',
      `${(unsafe[0] as Unsafe).what} is not allowed (links: http, https, mailto; images: http, https)`,
    );
  }
  const transform = new Transform(doc);
  for (const { fix } of unsafe) fix(transform);
  return transform.doc;
}
