import { useLayoutEffect, useRef } from 'react';
import { safePreviewFragment } from './safePreviewFragment.js';
import { describeChange, type YChangeOptions } from './yChange.js';

/**
 * A version, or a comparison of two, shown read-only as the server wrote it with the document's
 * own schema (a comparison's changes as `<ins>`, `<del>` and marked blocks), so it looks like the
 * document: HTML the browser's parser reads much faster than it builds 16,000 nodes from JSON,
 * made safe by `safePreviewFragment`. Each change gets its author's colour and name here. No
 * editor behind it; blocks off screen are not laid out (`content-visibility`, history.css).
 */
export function VersionPreview({
  html,
  colorOf,
  nameOf,
  label,
}: {
  html: string;
  colorOf: YChangeOptions['colorOf'];
  nameOf: YChangeOptions['nameOf'];
  label: string;
}) {
  const target = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    const element = target.current;
    if (element === null) return;
    const fragment = safePreviewFragment(html);
    for (const changed of fragment.querySelectorAll<HTMLElement>('[data-ychange]')) {
      const change = { type: changed.dataset.ychange === 'removed' ? 'removed' : 'added', user: changed.dataset.author ?? '' } as const;
      changed.title = describeChange(change, nameOf);
      changed.style.setProperty('--tandem-ychange-color', colorOf(change.user));
    }
    element.replaceChildren(fragment);
  }, [html, colorOf, nameOf]);
  return (
    <div className="tandem-history__document" data-testid="version-preview" role="document" aria-label={label}>
      <div ref={target} className="tandem-editor__prose tandem-history__prose" />
    </div>
  );
}
