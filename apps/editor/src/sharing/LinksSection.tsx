'use client';

import { type FormEvent, useId, useState } from 'react';
import type { ShareRole } from '@/db/tables';
import { appRequest, documentPath } from '@/docs/appRequest';
import { relativeTime } from '@/docs/relativeTime';
import type { DocumentSharing } from '@/workspace/sharingOf';

const EXPIRY = [
  { value: '', label: 'Never' },
  { value: '1', label: 'In 1 day' },
  { value: '7', label: 'In 7 days' },
  { value: '30', label: 'In 30 days' },
];
const STATE_LABEL = { active: 'Works', expired: 'Expired', revoked: 'Revoked' } as const;

function expiryText(expiresAt: number | null, now: number): string {
  if (expiresAt === null) return 'never expires';
  const hours = Math.ceil((expiresAt - now) / 3_600_000);
  if (expiresAt <= now) return `expired ${relativeTime(expiresAt, now)}`;
  return hours <= 48 ? `expires in ${hours} ${hours === 1 ? 'hour' : 'hours'}` : `expires in ${Math.round(hours / 24)} days`;
}

/** Links: make one that gives edit or view (expiring or not, shown once), see each and revoke it. */
export function LinksSection({ docId, sharing, onChanged }: { docId: string; sharing: DocumentSharing; onChanged: () => Promise<void> }) {
  const headingId = useId();
  const [role, setRole] = useState<ShareRole>('viewer');
  const [expiry, setExpiry] = useState('');
  const [created, setCreated] = useState<{ url: string; role: ShareRole } | null>(null);
  const [copied, setCopied] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const now = Date.now();
  const allowed = sharing.workspace?.linkSharing === true;

  const create = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setCopied(false);
    try {
      const answer = await appRequest<{ url: string; role: ShareRole }>('POST', documentPath(docId, '/links'), {
        role,
        expiresInDays: expiry === '' ? null : Number(expiry),
      });
      setCreated(answer);
      await onChanged();
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setBusy(false);
    }
  };
  const revoke = async (linkId: string) => {
    setBusy(true);
    setError(null);
    try {
      await appRequest('DELETE', documentPath(docId, `/links/${encodeURIComponent(linkId)}`));
      await onChanged();
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setBusy(false);
    }
  };
  const copy = async () => {
    if (created === null) return;
    try {
      await navigator.clipboard.writeText(created.url);
      setCopied(true);
    } catch {
      setError('Copying was refused by the browser: select the link and copy it.');
    }
  };

  return (
    <section className="share-section" aria-labelledby={headingId}>
      <h3 id={headingId} className="share-section__title">
        Links
      </h3>
      {allowed ? (
        <form className="share-add" onSubmit={create}>
          <label className="field share-add__role">
            <span className="field__label">Anyone signed in with the link</span>
            <select
              className="field__input"
              value={role}
              onChange={(event) => setRole(event.target.value as ShareRole)}
              data-testid="link-role"
            >
              <option value="editor">can edit</option>
              <option value="viewer">can view</option>
            </select>
          </label>
          <label className="field share-add__role">
            <span className="field__label">Expires</span>
            <select className="field__input" value={expiry} onChange={(event) => setExpiry(event.target.value)} data-testid="link-expiry">
              {EXPIRY.map((option) => (
                <option key={option.value} value={option.value}>
                  {option.label}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className="button button--secondary share-add__submit" disabled={busy} data-testid="link-create">
            Create link
          </button>
        </form>
      ) : (
        <p className="share-section__note" data-testid="link-sharing-off">
          Link sharing is turned off for this workspace: no link opens anything. Owners and admins can turn it on under Workspace and
          people.
        </p>
      )}
      {error !== null && (
        <p className="field__error" role="alert">
          {error}
        </p>
      )}
      {created !== null && (
        <div className="share-new-link">
          <label className="field share-new-link__field">
            <span className="field__label">New {created.role === 'editor' ? 'edit' : 'view'} link (shown once: copy it now)</span>
            <input
              className="field__input"
              readOnly
              value={created.url}
              onFocus={(event) => event.target.select()}
              data-testid="link-new-url"
            />
          </label>
          <button type="button" className="button button--primary" onClick={copy} data-testid="link-copy">
            {copied ? 'Copied' : 'Copy'}
          </button>
        </div>
      )}
      {sharing.links.length > 0 && (
        <ul className="share-links" aria-label="Links to this document">
          {sharing.links.map((link) => (
            <li
              key={link.id}
              className="share-link"
              data-testid="link-row"
              data-state={link.state}
              data-role={link.role}
              data-link-id={link.id}
            >
              <span className="share-person__text">
                <span className="share-person__name">
                  {link.role === 'editor' ? 'Can edit' : 'Can view'}
                  <span className={`share-link__state share-link__state--${link.state}`}>{STATE_LABEL[link.state]}</span>
                </span>
                <span className="share-person__detail">
                  {link.createdBy ? `By ${link.createdBy}, ` : ''}
                  {relativeTime(link.createdAt, now)} · {link.state === 'revoked' ? 'revoked' : expiryText(link.expiresAt, now)} · opened by{' '}
                  {link.visitors === 1 ? '1 person' : `${link.visitors} people`}
                </span>
              </span>
              {link.state === 'active' && (
                <button
                  type="button"
                  className="button button--ghost"
                  aria-label={`Revoke the ${link.role === 'editor' ? 'edit' : 'view'} link made ${relativeTime(link.createdAt, now)}`}
                  disabled={busy}
                  onClick={() => revoke(link.id)}
                  data-testid="link-revoke"
                >
                  Revoke
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
