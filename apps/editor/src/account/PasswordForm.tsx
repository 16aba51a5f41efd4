'use client';

import { type FormEvent, useState } from 'react';
import { authClient, errorText } from './authClient';

/** Change the password (the current one is asked again); other devices are signed out. */
export function PasswordForm() {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (next.length < 8) {
      setMessage({ ok: false, text: 'Please use a password of at least 8 characters.' });
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
        <label className="field">
          <span className="field__label">Current password</span>
          <input
            className="field__input"
            type="password"
            autoComplete="current-password"
            required
            value={current}
            onChange={(e) => setCurrent(e.target.value)}
            data-testid="password-current"
          />
        </label>
        <label className="field">
          <span className="field__label">New password</span>
          <input
            className="field__input"
            type="password"
            autoComplete="new-password"
            required
            value={next}
            onChange={(e) => setNext(e.target.value)}
            data-testid="password-new"
          />
        </label>
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
