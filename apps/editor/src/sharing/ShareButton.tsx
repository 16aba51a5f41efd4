'use client';

import { useEffect, useRef, useState } from 'react';
import { ShareDialog } from './ShareDialog';
import './sharing.css';
import { StrokeIcon } from '@/shell/StrokeIcon';

/** "Share" in the document's header: opens the share dialog (people, roles, links). */
export function ShareButton({ docId, title }: { docId: string; title: string }) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const wasOpen = useRef(false);
  // Closed: back where the person was, on this button (once the modal dialog is gone, nothing else is inert).
  useEffect(() => {
    if (open) wasOpen.current = true;
    else if (wasOpen.current) {
      wasOpen.current = false;
      button.current?.focus();
    }
  }, [open]);
  return (
    <>
      <button
        ref={button}
        type="button"
        className="button button--secondary"
        onClick={() => setOpen(true)}
        aria-haspopup="dialog"
        data-testid="share-open"
      >
        <StrokeIcon size={15}>
          <path d="M16 21v-2a4 4 0 0 0-4-4H6a4 4 0 0 0-4 4v2" />
          <circle cx="9" cy="7" r="4" />
          <path d="M19 8v6M22 11h-6" />
        </StrokeIcon>
        <span className="button__label">Share</span>
      </button>
      {open && <ShareDialog docId={docId} title={title} onClose={() => setOpen(false)} />}
    </>
  );
}
