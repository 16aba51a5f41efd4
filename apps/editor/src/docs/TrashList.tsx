'use client';

import { useCallback, useEffect, useState } from 'react';
import type { TrashedDocument } from '@/workspace/documentList';
import { appRequest, documentPath } from './appRequest';
import { relativeTime } from './relativeTime';

type Trashed = TrashedDocument & { kept: boolean | null };

/** In the future: "in 3 days", "tomorrow". */
function inTime(then: number, now: number): string {
  const days = Math.max(0, Math.ceil((then - now) / 86_400_000));
  return days <= 1 ? 'within a day' : `in ${days} days`;
}

/**
 * The trash: documents deleted in the last days (the workspace's retention), each restorable by its
 * creator and the workspace's owners and admins, or deleted for good at once (after a confirmation).
 */
export function TrashList({ now, onChanged }: { now: number | null; onChanged: (message: string) => void }) {
  const [trash, setTrash] = useState<Trashed[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setTrash((await appRequest<{ trash: Trashed[] }>('GET', '/api/documents?state=trash')).trash);
      setError(null);
    } catch (failure) {
      setError(`Could not load the trash: ${failure instanceof Error ? failure.message : String(failure)}`);
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  const act = async (doc: Trashed, action: 'restore' | 'purge') => {
    const title = doc.title?.trim() || 'Untitled';
    setBusy(doc.id);
    setError(null);
    try {
      if (action === 'restore') {
        const { content } = await appRequest<{ content: boolean }>('POST', documentPath(doc.id, '/restore'));
        onChanged(content ? `Restored “${title}”.` : `Restored “${title}” (the sync server had kept nothing of it: it is empty).`);
      } else {
        await appRequest('DELETE', documentPath(doc.id));
        onChanged(`Deleted “${title}” for good.`);
      }
      setConfirming(null);
      await load();
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setBusy(null);
    }
  };

  if (trash === null && error === null) return <p className="doc-list__loading">Loading the trash…</p>;
  return (
    <>
      {error !== null && (
        <div className="notice notice--offline" role="alert" data-testid="trash-error">
          {error}
        </div>
      )}
      {trash !== null && trash.length === 0 && (
        <div className="empty" data-testid="trash-empty">
          <p className="empty__title">The trash is empty</p>
          <p className="empty__lead">Documents you delete stay here for a while, so they can be restored.</p>
        </div>
      )}
      {trash !== null && trash.length > 0 && (
        <ul className="doc-list__rows">
          {trash.map((doc) => {
            const title = doc.title?.trim() || 'Untitled';
            return (
              <li key={doc.id} className="doc-item doc-item--trash" data-testid="trash-row" data-doc={doc.id}>
                <span className="doc-row__text">
                  <span className="doc-row__title" data-testid="trash-row-title">
                    {title}
                  </span>
                  <span className="doc-row__meta">
                    Deleted {doc.deletedBy ? `by ${doc.deletedBy} ` : ''}
                    {now === null ? '' : relativeTime(doc.deletedAt, now)}
                    {now === null ? '' : ` · deleted for good ${inTime(doc.purgeAt, now)}`}
                    {doc.kept === false ? ' · empty (nothing of it was stored)' : ''}
                  </span>
                </span>
                <span className="doc-item__actions doc-item__actions--shown">
                  {confirming === doc.id ? (
                    <>
                      <span className="doc-item__confirm">Delete for good?</span>
                      <button
                        type="button"
                        className="button button--danger"
                        disabled={busy === doc.id}
                        onClick={() => act(doc, 'purge')}
                        data-testid="trash-purge-confirm"
                      >
                        Delete for good
                      </button>
                      <button type="button" className="button button--ghost" onClick={() => setConfirming(null)}>
                        Keep it
                      </button>
                    </>
                  ) : (
                    <>
                      <button
                        type="button"
                        className="button button--secondary"
                        aria-label={`Restore ${title}`}
                        disabled={busy === doc.id}
                        onClick={() => act(doc, 'restore')}
                        data-testid="trash-restore"
                      >
                        Restore
                      </button>
                      <button
                        type="button"
                        className="button button--ghost"
                        aria-label={`Delete for good: ${title}`}
                        onClick={() => setConfirming(doc.id)}
                        data-testid="trash-purge"
                      >
                        Delete for good
                      </button>
                    </>
                  )}
                </span>
              </li>
            );
          })}
        </ul>
      )}
    </>
  );
}
