import Link from 'next/link';
import type { ReactNode } from 'react';
import { AccountLink } from '@/account/AccountLink';
import { IdentityButton } from '@/identity/IdentityButton';
import { ThemeButton } from '@/theme/ThemeButton';

export function Logo() {
  return (
    <Link href="/" className="logo" aria-label="Tandem, all documents">
      <svg className="logo__mark" width="26" height="26" viewBox="0 0 32 32" aria-hidden="true">
        <defs>
          <linearGradient id="tandem-logo" x1="0" y1="0" x2="1" y2="1">
            <stop offset="0" stopColor="#6366f1" />
            <stop offset="1" stopColor="#a855f7" />
          </linearGradient>
        </defs>
        <rect width="32" height="32" rx="9" fill="url(#tandem-logo)" />
        <circle cx="12.5" cy="16" r="5.5" fill="none" stroke="#fff" strokeWidth="2.6" />
        <circle cx="19.5" cy="16" r="5.5" fill="none" stroke="#fff" strokeOpacity="0.7" strokeWidth="2.6" />
      </svg>
      <span className="logo__text">Tandem</span>
    </Link>
  );
}

/** The bar at the top of every page: logo, optional middle content and actions, your avatar. */
export function AppHeader({ children, actions }: { children?: ReactNode; actions?: ReactNode }) {
  return (
    <header className="app-header">
      <div className="app-header__inner">
        <Logo />
        <div className="app-header__middle">{children}</div>
        <div className="app-header__actions">
          {actions}
          <ThemeButton />
          <AccountLink />
          <IdentityButton />
        </div>
      </div>
    </header>
  );
}
