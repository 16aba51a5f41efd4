'use client';

import { useRouter } from 'next/navigation';
import { type FormEvent, useState } from 'react';
import { authClient, errorText } from '@/account/authClient';
import { type InvitableRole, INVITABLE_ROLES, type WorkspaceRole } from '@/workspace/roles';

export interface PendingInvitation {
  id: string;
  email: string;
  role: string;
  expiresAt: number;
}

export interface InviteLinkItem {
  id: string;
  role: string;
  expiresAt: number | null;
  uses: number;
  maxUses: number | null;
}

/** Invite by email (mailed, or the link printed to the server log without SMTP) or by a link to hand out. */
export function InvitePanel({
  workspaceId,
  myRole,
  invitations,
  links,
}: {
  workspaceId: string;
  myRole: WorkspaceRole;
  invitations: PendingInvitation[];
  links: InviteLinkItem[];
}) {
  const router = useRouter();
  const roles = INVITABLE_ROLES.filter((role) => role !== 'admin' || myRole === 'owner');
  const [email, setEmail] = useState('');
  const [emailRole, setEmailRole] = useState<InvitableRole>('member');
  const [linkRole, setLinkRole] = useState<InvitableRole>('member');
  const [created, setCreated] = useState<string | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  const inviteByEmail = async (event: FormEvent) => {
    event.preventDefault();
    const result = await authClient.organization.inviteMember({ email: email.trim(), role: emailRole, organizationId: workspaceId });
    if (result.error) {
      setMessage({ ok: false, text: errorText(result.error, 'Could not invite them.') });
      return;
    }
    setMessage({ ok: true, text: `Invitation sent to ${email.trim()}.` });
    setEmail('');
    router.refresh();
  };

  const createLink = async () => {
    const response = await fetch('/api/invite-links', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ role: linkRole }),
    });
    const body = (await response.json().catch(() => ({}))) as { url?: string; error?: string };
    if (!response.ok || body.url === undefined) {
      setMessage({ ok: false, text: body.error ?? `The app answered ${response.status}.` });
      return;
    }
    setCreated(body.url);
    router.refresh();
  };

  const revokeLink = async (id: string) => {
    const response = await fetch(`/api/invite-links/${encodeURIComponent(id)}`, { method: 'DELETE' });
    if (!response.ok) setMessage({ ok: false, text: `Could not revoke the link (${response.status}).` });
    router.refresh();
  };

  const cancel = async (invitationId: string) => {
    const result = await authClient.organization.cancelInvitation({ invitationId });
    if (result.error) setMessage({ ok: false, text: errorText(result.error, 'Could not cancel it.') });
    router.refresh();
  };

  const roleSelect = (value: InvitableRole, set: (role: InvitableRole) => void, label: string, testId: string) => (
    <label className="field">
      <span className="field__label">{label}</span>
      <select className="select" value={value} onChange={(event) => set(event.target.value as InvitableRole)} data-testid={testId}>
        {roles.map((role) => (
          <option key={role} value={role}>
            {role}
          </option>
        ))}
      </select>
    </label>
  );

  return (
    <>
      <form className="settings__inline" onSubmit={inviteByEmail} data-testid="invite-email-form">
        <label className="field">
          <span className="field__label">Invite by email</span>
          <input
            className="field__input"
            type="email"
            required
            placeholder="name@example.com"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            data-testid="invite-email"
          />
        </label>
        {roleSelect(emailRole, setEmailRole, 'As', 'invite-email-role')}
        <button type="submit" className="button button--primary" data-testid="invite-email-submit">
          Send invitation
        </button>
      </form>
      <div className="settings__inline">
        {roleSelect(linkRole, setLinkRole, 'Or make an invitation link for a', 'invite-link-role')}
        <button type="button" className="button button--secondary" onClick={createLink} data-testid="invite-link-create">
          Create link
        </button>
      </div>
      {created !== null && (
        <label className="field">
          <span className="field__label">Send this link (shown once; valid for 7 days)</span>
          <input className="field__input" readOnly value={created} onFocus={(e) => e.target.select()} data-testid="invite-link-url" />
        </label>
      )}
      {message !== null && (
        <p
          className={message.ok ? 'auth-form__done' : 'auth-form__error'}
          role={message.ok ? 'status' : 'alert'}
          data-testid="invite-message"
        >
          {message.text}
        </p>
      )}
      {(invitations.length > 0 || links.length > 0) && (
        <ul className="member-list" data-testid="pending-invitations">
          {invitations.map((invitation) => (
            <li key={invitation.id} className="member-row" data-testid="pending-invitation" data-email={invitation.email}>
              <span className="member-row__who">
                <span className="member-row__name">{invitation.email}</span>
                <span className="member-row__email">
                  invited as {invitation.role}, until {new Date(invitation.expiresAt).toLocaleDateString()}
                </span>
              </span>
              <button type="button" className="button button--ghost" onClick={() => cancel(invitation.id)}>
                Cancel
              </button>
            </li>
          ))}
          {links.map((link) => (
            <li key={link.id} className="member-row" data-testid="invite-link-row">
              <span className="member-row__who">
                <span className="member-row__name">Invitation link for a {link.role}</span>
                <span className="member-row__email">
                  used {link.uses}
                  {link.maxUses === null ? '' : ` of ${link.maxUses}`} times
                  {link.expiresAt === null ? '' : `, until ${new Date(link.expiresAt).toLocaleDateString()}`}
                </span>
              </span>
              <button type="button" className="button button--ghost" onClick={() => revokeLink(link.id)} data-testid="invite-link-revoke">
                Revoke
              </button>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
