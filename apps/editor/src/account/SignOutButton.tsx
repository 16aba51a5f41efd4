'use client';

import { authClient } from './authClient';

/** Ends this session and goes to the sign-in page. */
export function SignOutButton({ className = 'button button--secondary', label = 'Sign out' }: { className?: string; label?: string }) {
  return (
    <button
      type="button"
      className={className}
      data-testid="sign-out"
      onClick={async () => {
        await authClient.signOut();
        window.location.assign('/sign-in');
      }}
    >
      {label}
    </button>
  );
}
