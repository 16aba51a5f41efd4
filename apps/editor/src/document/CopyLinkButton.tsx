'use client';

import { useEffect, useState } from 'react';
import { useSyncConfig } from '@/config/SyncConfigProvider';
import { StrokeIcon } from '@/shell/StrokeIcon';

type CopyState = 'idle' | 'copied' | 'failed';

/**
 * Copies a link so it can be shared (by default this page's address, on PUBLIC_URL when it is set,
 * so a link copied at http://localhost still reaches teammates); says "Copied" for a moment.
 * `link` is also exposed as `data-link`, so it can be read without a clipboard.
 */
export function CopyLinkButton({ link, label = 'Copy link', testId = 'copy-link' }: { link?: string; label?: string; testId?: string }) {
  const [state, setState] = useState<CopyState>('idle');
  const { linkOrigin } = useSyncConfig();

  useEffect(() => {
    if (state === 'idle') return;
    const timer = setTimeout(() => setState('idle'), 2000);
    return () => clearTimeout(timer);
  }, [state]);

  const copy = async () => {
    const { pathname, search, hash } = window.location;
    const url = link ?? `${linkOrigin}${pathname}${search}${hash}`;
    try {
      if (!navigator.clipboard) throw new Error('clipboard unavailable (the page is not a secure context)');
      await navigator.clipboard.writeText(url);
      setState('copied');
    } catch {
      // Without clipboard access, show the link so it can be copied by hand.
      window.prompt('Copy this link to share the document:', url);
      setState('failed');
    }
  };

  return (
    <button type="button" className="button button--secondary" onClick={copy} data-testid={testId} data-state={state} data-link={link}>
      <StrokeIcon size={15}>
        {state === 'copied' ? (
          <path d="M20 6 9 17l-5-5" />
        ) : (
          <>
            <path d="M10 13a5 5 0 0 0 7.54.54l3-3a5 5 0 0 0-7.07-7.07l-1.72 1.71" />
            <path d="M14 11a5 5 0 0 0-7.54-.54l-3 3a5 5 0 0 0 7.07 7.07l1.71-1.71" />
          </>
        )}
      </StrokeIcon>
      <span className="button__label" aria-live="polite">
        {state === 'copied' ? 'Link copied' : label}
      </span>
    </button>
  );
}
