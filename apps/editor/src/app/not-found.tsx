import Link from 'next/link';
import { AppHeader } from '@/shell/AppHeader';

export default function NotFound() {
  return (
    <>
      <AppHeader />
      <main className="status-page" data-testid="not-found">
        <p className="status-page__code">404</p>
        <h1 className="status-page__title">This document doesn't exist</h1>
        <p className="status-page__lead">The link may be mistyped. Document addresses look like /d/k7tq3hx9mw2p.</p>
        <Link href="/" className="button button--primary">
          Back to all documents
        </Link>
      </main>
    </>
  );
}
