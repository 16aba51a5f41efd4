'use client';

import { initials, readableTextOn } from '@tandem/editor-react';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import type { ShareRole } from '@/db/tables';
import { appRequest, documentPath } from '@/docs/appRequest';
import { seesWholeWorkspace } from '@/workspace/roles';
import type { DocumentSharing } from '@/workspace/sharingOf';

type Message = { kind: 'ok' | 'error'; text: string } | null;
const ROLE_LABEL: Record<ShareRole, string> = { editor: 'Editor', viewer: 'Viewer' };

/** Share with a person of the workspace (by name or email, as editor or viewer); who has access; change a role; remove someone. */
export function PeopleSection({ docId, sharing, onChanged }: { docId: string; sharing: DocumentSharing; onChanged: () => Promise<void> }) {
  const headingId = useId();
  const listId = useId();
  const [person, setPerson] = useState('');
  const [role, setRole] = useState<ShareRole>('editor');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<Message>(null);
  const input = useRef<HTMLInputElement>(null);
  // The dialog opens on what it is for: typing who to share with.
  useEffect(() => input.current?.focus(), []);

  const act = async (action: () => Promise<string>) => {
    setBusy(true);
    setMessage(null);
    try {
      const text = await action();
      await onChanged();
      setMessage({ kind: 'ok', text });
    } catch (failure) {
      setMessage({ kind: 'error', text: failure instanceof Error ? failure.message : String(failure) });
    } finally {
      setBusy(false);
    }
  };
  const share = (event: FormEvent) => {
    event.preventDefault();
    if (person.trim() === '') return;
    void act(async () => {
      const answer = await appRequest<{ name: string; role: ShareRole }>('POST', documentPath(docId, '/shares'), { person, role });
      setPerson('');
      return `Shared with ${answer.name} as ${answer.role}.`;
    });
  };

  return (
    <section className="share-section" aria-labelledby={headingId}>
      <h3 id={headingId} className="share-section__title">
        People
      </h3>
      <form className="share-add" onSubmit={share}>
        <label className="field share-add__person">
          <span className="field__label">Name or email</span>
          <input
            ref={input}
            className="field__input"
            list={listId}
            value={person}
            autoComplete="off"
            placeholder="e.g. Grace Hopper or grace@example.com"
            onChange={(event) => setPerson(event.target.value)}
            data-testid="share-person"
          />
        </label>
        <datalist id={listId}>
          {sharing.candidates.map((candidate) => (
            <option key={candidate.userId} value={candidate.email}>
              {`${candidate.name} (${candidate.role})`}
            </option>
          ))}
        </datalist>
        <label className="field share-add__role">
          <span className="field__label">Role</span>
          <select
            className="field__input"
            value={role}
            onChange={(event) => setRole(event.target.value as ShareRole)}
            data-testid="share-role"
          >
            <option value="editor">Editor</option>
            <option value="viewer">Viewer</option>
          </select>
        </label>
        <button type="submit" className="button button--primary share-add__submit" disabled={busy} data-testid="share-submit">
          Share
        </button>
      </form>
      <p
        className={`share-message share-message--${message?.kind ?? 'none'}`}
        role={message?.kind === 'error' ? 'alert' : 'status'}
        data-testid="share-message"
        data-kind={message?.kind}
      >
        {message?.text}
      </p>
      <ul className="share-people" aria-label="Who has access">
        {sharing.workspace !== null && (
          <li className="share-person">
            <span className="share-person__avatar share-person__avatar--team" aria-hidden="true">
              {initials(sharing.workspace.name)}
            </span>
            <span className="share-person__text">
              <span className="share-person__name">Everyone in {sharing.workspace.name}</span>
              <span className="share-person__detail">
                Owners, admins and members edit it{sharing.createdBy ? `; created by ${sharing.createdBy}` : ''}
              </span>
            </span>
            <span className="share-person__fixed">Editors</span>
          </li>
        )}
        {sharing.people.map((p) => {
          const member = p.workspaceRole !== null && seesWholeWorkspace(p.workspaceRole);
          return (
            <li key={p.userId} className="share-person" data-testid="share-person-row" data-email={p.email} data-role={p.role}>
              <span
                className="share-person__avatar"
                style={{ background: p.color ?? '#4f46e5', color: readableTextOn(p.color ?? '#4f46e5') }}
                aria-hidden="true"
              >
                {initials(p.name)}
              </span>
              <span className="share-person__text">
                <span className="share-person__name">{p.name}</span>
                <span className="share-person__detail">
                  {p.email}
                  {p.workspaceRole !== null ? ` · ${p.workspaceRole}` : ''}
                  {p.sharedBy ? ` · shared by ${p.sharedBy}` : ''}
                </span>
              </span>
              <select
                className="field__input share-person__role"
                aria-label={`Role of ${p.name}`}
                value={p.role}
                disabled={busy || member}
                title={member ? `${p.name} is a ${p.workspaceRole} of the workspace: they edit every document` : undefined}
                onChange={(event) => {
                  const next = event.target.value as ShareRole;
                  void act(async () => {
                    await appRequest('PATCH', documentPath(docId, `/shares/${encodeURIComponent(p.userId)}`), { role: next });
                    return `${p.name} is now ${next === 'editor' ? 'an editor' : 'a viewer'}.`;
                  });
                }}
                data-testid="share-person-role"
              >
                {(['editor', 'viewer'] as const).map((r) => (
                  <option key={r} value={r}>
                    {ROLE_LABEL[r]}
                  </option>
                ))}
              </select>
              <button
                type="button"
                className="button button--ghost"
                aria-label={`Remove ${p.name}`}
                disabled={busy}
                onClick={() =>
                  act(async () => {
                    await appRequest('DELETE', documentPath(docId, `/shares/${encodeURIComponent(p.userId)}`));
                    return `${p.name} no longer has access${member ? ' through this share (they are a member of the workspace)' : ''}.`;
                  })
                }
                data-testid="share-person-remove"
              >
                Remove
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
