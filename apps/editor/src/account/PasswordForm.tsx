'use client';

import { type FormEvent, useState } from 'react';
import { authClient, errorText } from './authClient';
import { newPasswordProblem, PasswordField } from './PasswordField';

/** Change the password (the current one is asked again); other devices are signed out. */
export function PasswordForm() {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const problem = newPasswordProblem(next);
    if (problem !== null) {
      setMessage({ ok: false, text: problem });
      return;
    }
    setBusy(true);
    const result = await authClient.changePassword({ currentPassword: current, newPassword: next, revokeOtherSessions: true });
    setBusy(false);
    if (result.error) {
      setMessage({ ok: false, text: errorText(result.error, 'Could not change the password.') });
      return;
    }
    setCurrent('');
    setNext('');
    setMessage({ ok: true, text: 'Password changed. Your other devices were signed out.' });
  };

  return (
    <form className="auth-form" onSubmit={submit} data-testid="password-form">
      <div className="settings__inline">
        <PasswordField
          label="Current password"
          autoComplete="current-password"
          value={current}
          onChange={setCurrent}
          testId="password-current"
        />
        <PasswordField label="New password" autoComplete="new-password" value={next} onChange={setNext} testId="password-new" />
        <button type="submit" className="button button--primary" disabled={busy} data-testid="password-submit">
          Change password
        </button>
      </div>
      {message !== null && (
        <p
          className={message.ok ? 'auth-form__done' : 'auth-form__error'}
          role={message.ok ? 'status' : 'alert'}
          data-testid="password-message"
        >
          {message.text}
        </p>
      )}
    </form>
  );
}
