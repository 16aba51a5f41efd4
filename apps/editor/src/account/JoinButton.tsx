'use client';

import { useState } from 'react';
import { authClient, errorText } from './authClient';

/** Someone signed in accepts an invitation: by link (`token`) or by email (`invitationId`). */
export function JoinButton({ token, invitationId, label }: { token?: string; invitationId?: string; label: string }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const join = async () => {
    setBusy(true);
    setError(null);
    if (invitationId !== undefined) {
      const result = await authClient.organization.acceptInvitation({ invitationId });
      if (result.error) {
        setError(errorText(result.error, 'Could not accept the invitation.'));
        setBusy(false);
        return;
      }
    } else {
      const response = await fetch('/api/join', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ token }),
      });
      if (!response.ok) {
        const body = (await response.json().catch(() => ({}))) as { error?: string };
        setError(body.error ?? `The app answered ${response.status}.`);
        setBusy(false);
        return;
      }
    }
    window.location.assign('/');
  };

  return (
    <div className="auth-form">
      {error !== null && (
        <p className="auth-form__error" role="alert" data-testid="join-error">
          {error}
        </p>
      )}
      <button type="button" className="button button--primary button--large" onClick={join} disabled={busy} data-testid="join-workspace">
        {label}
      </button>
    </div>
  );
}
