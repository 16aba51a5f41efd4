'use client';

import { useCallback, useEffect, useId, useState } from 'react';
import { appRequest, documentPath } from '@/docs/appRequest';
import { ModalDialog } from '@/shell/ModalDialog';
import type { DocumentSharing } from '@/workspace/sharingOf';
import { LinksSection } from './LinksSection';
import { PeopleSection } from './PeopleSection';
import '@/shell/iconButton.css';

/**
 * The share dialog (a modal `<dialog>`: focus stays in it, Escape closes it): share the document
 * with people of the workspace by name or email as editor or viewer, see who has access, change a
 * role, remove someone; make edit or view links that can expire, see them and revoke them one by
 * one. Every change is made (and checked) by the app's server; the dialog then shows its state again.
 */
export function ShareDialog({ docId, title, onClose }: { docId: string; title: string; onClose: () => void }) {
  const titleId = useId();
  const [sharing, setSharing] = useState<DocumentSharing | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setSharing(await appRequest<DocumentSharing>('GET', documentPath(docId, '/sharing')));
      setError(null);
    } catch (failure) {
      setError(`Could not load who has access: ${failure instanceof Error ? failure.message : String(failure)}`);
    }
  }, [docId]);

  useEffect(() => {
    void load();
  }, [load]);

  const name = title.trim() || 'Untitled';
  return (
    <ModalDialog className="share-dialog" labelledBy={titleId} testId="share-dialog" onClose={onClose}>
      <div className="share-dialog__head">
        <h2 id={titleId} className="share-dialog__title">
          Share “{name}”
        </h2>
        <button type="button" className="icon-button" aria-label="Close" onClick={onClose} data-testid="share-close">
          <svg width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden="true">
            <path d="M18 6 6 18M6 6l12 12" />
          </svg>
        </button>
      </div>
      {error !== null && (
        <p className="field__error" role="alert">
          {error}
        </p>
      )}
      {sharing === null && error === null && <p className="share-dialog__loading">Loading…</p>}
      {sharing !== null && (
        <>
          <PeopleSection docId={docId} sharing={sharing} onChanged={load} />
          <LinksSection docId={docId} sharing={sharing} onChanged={load} />
        </>
      )}
      <div className="share-dialog__foot">
        <button type="button" className="button button--primary" onClick={onClose}>
          Done
        </button>
      </div>
    </ModalDialog>
  );
}
