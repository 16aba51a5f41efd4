import Link from '@tiptap/extension-link';
import { isSafeLinkHref } from './linkSafety.js';

/**
 * Links as Tandem stores them: only safe addresses (see `isSafeLinkHref`), rendered with
 * `target="_blank"` and `rel="noopener noreferrer nofollow"`. Not inclusive, so text typed right
 * after a link is plain text. A click in the editor places the caret (the editor offers "Open"
 * instead); URLs typed or pasted as text become links.
 */
export const TandemLink = Link.extend({
  inclusive: () => false,
}).configure({
  openOnClick: false,
  autolink: true,
  linkOnPaste: true,
  defaultProtocol: 'https',
  isAllowedUri: (url) => isSafeLinkHref(url),
  HTMLAttributes: { target: '_blank', rel: 'noopener noreferrer nofollow' },
});
