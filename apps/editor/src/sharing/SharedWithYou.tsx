'use client';

import { useState } from 'react';
import './sharing.css';

/** "<name> shared '<title>' with you": the first visit through someone's link says who shared what. */
export function SharedWithYou({ by, title }: { by: string; title: string }) {
  const [open, setOpen] = useState(true);
  if (!open) return null;
  return (
    <div className="shared-with-you" role="status" data-testid="shared-with-you">
      <p className="shared-with-you__text">
        <strong>{by}</strong> shared “{title.trim() || 'Untitled'}” with you
      </p>
      <button type="button" className="button button--ghost" onClick={() => setOpen(false)}>
        Dismiss
      </button>
    </div>
  );
}
