'use client';

import Link from 'next/link';
import { type FormEvent, useState } from 'react';
import { authClient, errorText } from './authClient';
import { PasswordField } from './PasswordField';

/**
 * Email and password, and the company's single sign-on when configured. On success the whole page
 * loads `next` again, so everything rendered on the server sees the new session.
 */
export function SignInForm({ next, sso, email: knownEmail }: { next: string; sso: string | null; email?: string }) {
  const [email, setEmail] = useState(knownEmail ?? '');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const result = await authClient.signIn.email({ email: email.trim(), password });
    if (result.error) {
      setError(errorText(result.error, 'Could not sign in.'));
      setBusy(false);
      return;
    }
    window.location.assign(next);
  };

  const singleSignOn = async () => {
    setBusy(true);
    const result = await authClient.signIn.social({ provider: 'oidc', callbackURL: next, errorCallbackURL: '/sign-in' });
    if (result.error) {
      setError(errorText(result.error, 'Single sign-on failed.'));
      setBusy(false);
    }
  };

  return (
    <>
      <form className="auth-form" onSubmit={submit} data-testid="sign-in-form">
        <label className="field">
          <span className="field__label">Email</span>
          <input
            className="field__input"
            type="email"
            autoComplete="email"
            required
            value={email}
            onChange={(event) => setEmail(event.target.value)}
            data-testid="sign-in-email"
          />
        </label>
        <PasswordField
          label="Password"
          aside={
            <Link className="auth-form__link" href="/reset-password">
              Forgot it?
            </Link>
          }
          autoComplete="current-password"
          value={password}
          onChange={setPassword}
          testId="sign-in-password"
        />
        {error !== null && (
          <p className="auth-form__error" role="alert" data-testid="sign-in-error">
            {error}
          </p>
        )}
        <button type="submit" className="button button--primary button--large" disabled={busy} data-testid="sign-in-submit">
          Sign in
        </button>
      </form>
      {sso !== null && (
        <>
          <div className="auth-card__divider">or</div>
          <button
            type="button"
            className="button button--secondary button--large auth-card__sso"
            onClick={singleSignOn}
            disabled={busy}
            data-testid="sso-button"
          >
            Continue with {sso}
          </button>
        </>
      )}
    </>
  );
}
