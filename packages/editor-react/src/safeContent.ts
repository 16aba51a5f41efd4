import { isSafeImageSrc, isSafeLinkHref } from '@tandem/schema';
import type { JSONContent } from '@tiptap/core';

/**
 * `content` without what a document must not hold, for content that did not come through the
 * schema's own HTML parsing (which already refuses it): link marks whose href is not a safe
 * address (`isSafeLinkHref`) lose the mark and keep their text, and images whose address is not a
 * web address (`isSafeImageSrc`) are left out. Returns a new tree.
 */
export function dropUnsafeContent(content: JSONContent): JSONContent {
  const marks = content.marks?.filter((mark) => mark.type !== 'link' || isSafeLinkHref(String(mark.attrs?.href ?? '')));
  const children = content.content?.filter((child) => child.type !== 'image' || isSafeImageSrc(child.attrs?.src)).map(dropUnsafeContent);
  return {
    ...content,
    ...(marks === undefined ? {} : { marks }),
    ...(children === undefined ? {} : { content: children }),
  };
}
