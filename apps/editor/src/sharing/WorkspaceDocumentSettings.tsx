'use client';

import { type FormEvent, useState } from 'react';
import { appRequest } from '@/docs/appRequest';
import './sharing.css';

/**
 * The workspace's settings for documents (owners and admins): whether share links work at all
 * (off: every link stops, the people who had only links lose the documents at once), and how long
 * deleted documents stay in the trash before they are deleted for good.
 */
export function WorkspaceDocumentSettings({ linkSharing, trashRetentionDays }: { linkSharing: boolean; trashRetentionDays: number }) {
  const [sharing, setSharing] = useState(linkSharing);
  const [days, setDays] = useState(String(trashRetentionDays));
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);

  const save = async (change: { linkSharing?: boolean; trashRetentionDays?: number }, done: string, undo?: () => void) => {
    setBusy(true);
    setMessage(null);
    try {
      const answer = await appRequest<{ linkSharing: boolean; trashRetentionDays: number }>('PATCH', '/api/workspace/settings', change);
      setSharing(answer.linkSharing);
      setDays(String(answer.trashRetentionDays));
      setMessage({ kind: 'ok', text: done });
    } catch (failure) {
      undo?.();
      setMessage({ kind: 'error', text: failure instanceof Error ? failure.message : String(failure) });
    } finally {
      setBusy(false);
    }
  };
  const saveDays = (event: FormEvent) => {
    event.preventDefault();
    void save({ trashRetentionDays: Number(days) }, `Deleted documents are now kept ${days} days.`);
  };

  return (
    <div className="document-settings">
      <label className="document-settings__toggle">
        <input
          type="checkbox"
          checked={sharing}
          disabled={busy}
          onChange={(event) => {
            const on = event.target.checked;
            setSharing(on);
            void save(
              { linkSharing: on },
              on ? 'Share links work again (those not expired or revoked).' : 'Link sharing is off: no share link opens anything now.',
              () => setSharing(!on),
            );
          }}
          data-testid="link-sharing-toggle"
        />
        <span>
          <strong>Sharing by link</strong>
          <span className="settings__hint">
            {' '}
            Anyone signed in with a document’s link opens it. Turning this off stops every link at once.
          </span>
        </span>
      </label>
      <form className="document-settings__retention" onSubmit={saveDays}>
        <label className="field">
          <span className="field__label">Keep deleted documents in the trash for (days)</span>
          <input
            className="field__input"
            type="number"
            min={1}
            max={365}
            required
            value={days}
            onChange={(event) => setDays(event.target.value)}
            data-testid="trash-retention"
          />
        </label>
        <button type="submit" className="button button--secondary" disabled={busy} data-testid="trash-retention-save">
          Save
        </button>
      </form>
      <p
        className={`share-message share-message--${message?.kind ?? 'none'}`}
        role={message?.kind === 'error' ? 'alert' : 'status'}
        data-testid="document-settings-message"
      >
        {message?.text}
      </p>
    </div>
  );
}
