import type { ReactNode } from 'react';
import { Logo } from '@/shell/AppHeader';
import './account.css';

/** The frame of the pages a signed-out person sees: the logo, a title, a lead, the form. */
export function AuthCard({ title, lead, children }: { title: string; lead?: ReactNode; children: ReactNode }) {
  return (
    <main className="auth-page">
      <section className="auth-card" aria-labelledby="auth-card-title">
        <div className="auth-card__brand">
          <Logo />
        </div>
        <h1 id="auth-card-title" className="auth-card__title">
          {title}
        </h1>
        {lead !== undefined && <p className="auth-card__lead">{lead}</p>}
        {children}
      </section>
    </main>
  );
}
