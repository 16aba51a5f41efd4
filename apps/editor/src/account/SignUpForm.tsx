'use client';

import { type FormEvent, useState } from 'react';
import { MAX_NAME_LENGTH } from '@/identity/identity';
import { authClient, errorText } from './authClient';
import { newPasswordProblem, PasswordField } from './PasswordField';

/** How this account joins: the server checks it again (`joinPolicy`), this only shapes the form. */
export type JoinBy =
  | { kind: 'setup' }
  | { kind: 'invite-link'; inviteToken: string }
  | { kind: 'invitation'; invitationId: string; email: string }
  | { kind: 'open' };

/**
 * Creates an account (name, email, password of 8+ characters) and joins as `by` says; on the setup
 * of a fresh install it also names the workspace. Then loads `next`, signed in.
 */
export function SignUpForm({ by, next, submitLabel }: { by: JoinBy; next: string; submitLabel: string }) {
  const [workspaceName, setWorkspaceName] = useState('');
  const [name, setName] = useState('');
  const [email, setEmail] = useState(by.kind === 'invitation' ? by.email : '');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const problem = newPasswordProblem(password);
    if (problem !== null) {
      setError(problem);
      return;
    }
    setBusy(true);
    setError(null);
    const join =
      by.kind === 'setup'
        ? { workspaceName: workspaceName.trim() }
        : by.kind === 'invite-link'
          ? { inviteToken: by.inviteToken }
          : by.kind === 'invitation'
            ? { invitationId: by.invitationId }
            : {};
    // The join fields travel with the sign-up; better-auth hands the body to the user-creation hook.
    const result = await authClient.signUp.email({ name: name.trim(), email: email.trim(), password, ...join } as Parameters<
      typeof authClient.signUp.email
    >[0]);
    if (result.error) {
      setError(errorText(result.error, 'Could not create your account.'));
      setBusy(false);
      return;
    }
    window.location.assign(next);
  };

  return (
    <form className="auth-form" onSubmit={submit} data-testid="sign-up-form">
      {by.kind === 'setup' && (
        <label className="field">
          <span className="field__label">Workspace name</span>
          <input
            className="field__input"
            required
            maxLength={60}
            placeholder="e.g. Acme"
            value={workspaceName}
            onChange={(event) => setWorkspaceName(event.target.value)}
            data-testid="sign-up-workspace"
          />
        </label>
      )}
      <label className="field">
        <span className="field__label">Your name</span>
        <input
          className="field__input"
          required
          maxLength={MAX_NAME_LENGTH}
          autoComplete="name"
          placeholder="e.g. Ada Lovelace"
          value={name}
          onChange={(event) => setName(event.target.value)}
          data-testid="sign-up-name"
        />
      </label>
      <label className="field">
        <span className="field__label">Email</span>
        <input
          className="field__input"
          type="email"
          required
          autoComplete="email"
          readOnly={by.kind === 'invitation'}
          value={email}
          onChange={(event) => setEmail(event.target.value)}
          data-testid="sign-up-email"
        />
      </label>
      <PasswordField label="Password" autoComplete="new-password" value={password} onChange={setPassword} testId="sign-up-password" />
      {error !== null && (
        <p className="auth-form__error" role="alert" data-testid="sign-up-error">
          {error}
        </p>
      )}
      <button type="submit" className="button button--primary button--large" disabled={busy} data-testid="sign-up-submit">
        {submitLabel}
      </button>
    </form>
  );
}
