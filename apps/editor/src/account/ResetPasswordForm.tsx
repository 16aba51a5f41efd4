'use client';

import Link from 'next/link';
import { type FormEvent, useState } from 'react';
import { authClient, errorText } from './authClient';
import { newPasswordProblem, PasswordField } from './PasswordField';

/** Asks for a reset link by email, or (with the link's `token`) sets the new password. */
export function ResetPasswordForm({ token: given, tokenError }: { token: string | null; tokenError: string | null }) {
  const token = tokenError === null ? given : null;
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(
    tokenError === null ? null : 'This reset link is not valid any more: ask for a new one.',
  );
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const problem = token === null ? null : newPasswordProblem(password);
    if (problem !== null) {
      setError(problem);
      return;
    }
    setBusy(true);
    setError(null);
    if (token === null) {
      const result = await authClient.requestPasswordReset({ email: email.trim(), redirectTo: '/reset-password' });
      if (result.error) setError(errorText(result.error, 'Could not send the link.'));
      else setDone('If an account has this email, a link to reset its password is on its way (valid for an hour).');
    } else {
      const result = await authClient.resetPassword({ newPassword: password, token });
      if (result.error) setError(errorText(result.error, 'Could not set the password.'));
      else setDone('Your password is set, and every other session was signed out.');
    }
    setBusy(false);
  };

  if (done !== null) {
    return (
      <div className="auth-form">
        <p className="auth-form__done" role="status" data-testid="reset-done">
          {done}
        </p>
        <p className="auth-card__footer">
          <Link href="/sign-in">Back to sign in</Link>
        </p>
      </div>
    );
  }
  return (
    <form className="auth-form" onSubmit={submit} data-testid="reset-form">
      {token === null ? (
        <label className="field">
          <span className="field__label">Email</span>
          <input
            className="field__input"
            type="email"
            required
            value={email}
            onChange={(event) => setEmail(event.target.value)}
            data-testid="reset-email"
          />
        </label>
      ) : (
        <PasswordField label="New password" autoComplete="new-password" value={password} onChange={setPassword} testId="reset-password" />
      )}
      {error !== null && (
        <p className="auth-form__error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="button button--primary button--large" disabled={busy} data-testid="reset-submit">
        {token === null ? 'Email me a link' : 'Set password'}
      </button>
    </form>
  );
}
