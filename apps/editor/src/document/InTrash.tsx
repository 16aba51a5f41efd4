'use client';

import Link from 'next/link';
import { useState } from 'react';
import { appRequest, documentPath } from '@/docs/appRequest';

/** A document in the trash: it does not open (an editor would start an empty one under its name); its creator, owners and admins can restore it here. */
export function InTrash({
  docId,
  title,
  canRestore,
  whileOpen = false,
  onRestored,
}: {
  docId: string;
  title: string;
  canRestore: boolean;
  /** Someone moved it to the trash while this page had it open. */
  whileOpen?: boolean;
  onRestored: () => void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const restore = async () => {
    setBusy(true);
    setError(null);
    try {
      await appRequest('POST', documentPath(docId, '/restore'));
      onRestored();
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
      setBusy(false);
    }
  };
  return (
    <section className="status-page" data-testid="in-trash">
      <h1 className="status-page__title">{title.trim() ? `“${title.trim()}” is in the trash` : 'This document is in the trash'}</h1>
      {whileOpen && (
        <p className="status-page__lead" data-testid="deleted-while-open">
          Someone moved it to the trash while you had it open. Nothing you wrote before that is lost with it.
        </p>
      )}
      <p className="status-page__lead">
        {canRestore
          ? 'Restore it to open it again; otherwise it is deleted for good when the workspace’s trash retention ends.'
          : 'Its creator or an owner of the workspace can restore it.'}
      </p>
      {error !== null && (
        <p className="field__error" role="alert">
          {error}
        </p>
      )}
      <div className="status-page__actions">
        {canRestore && (
          <button type="button" className="button button--primary" onClick={restore} disabled={busy} data-testid="in-trash-restore">
            Restore
          </button>
        )}
        <Link href="/" className="button button--secondary">
          Back to your documents
        </Link>
      </div>
    </section>
  );
}
