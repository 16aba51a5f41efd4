import type { ReactNode } from 'react';

/** The shortest password the app takes (the server's `minPasswordLength` says the same). */
export const MIN_PASSWORD_LENGTH = 8;

/** What to tell someone whose new password is too short, or null when it is long enough. */
export function newPasswordProblem(password: string): string | null {
  return password.length < MIN_PASSWORD_LENGTH ? `Please use a password of at least ${MIN_PASSWORD_LENGTH} characters.` : null;
}

/**
 * One labelled, required password input: a new password, or the current one asked again. `aside`
 * stands at the end of the label's row (sign-in's "Forgot it?").
 */
export function PasswordField({
  label,
  aside,
  autoComplete,
  value,
  onChange,
  testId,
}: {
  label: string;
  aside?: ReactNode;
  autoComplete: 'new-password' | 'current-password';
  value: string;
  onChange: (value: string) => void;
  testId: string;
}) {
  return (
    <label className="field">
      {aside === undefined ? (
        <span className="field__label">{label}</span>
      ) : (
        <span className="auth-form__row">
          <span className="field__label">{label}</span>
          {aside}
        </span>
      )}
      <input
        className="field__input"
        type="password"
        required
        autoComplete={autoComplete}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        data-testid={testId}
      />
    </label>
  );
}
