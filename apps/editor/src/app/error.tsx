'use client';

import Link from 'next/link';

/** Any unexpected error in a page: say so and offer a way out, never a blank page. */
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main className="status-page" data-testid="error-page">
      <p className="status-page__code">Something went wrong</p>
      <h1 className="status-page__title">This page hit an error</h1>
      <p className="status-page__lead">
        {error.message || 'An unexpected error occurred.'}
        {error.digest ? ` (reference ${error.digest})` : ''}
      </p>
      <div className="status-page__actions">
        <button type="button" className="button button--primary" onClick={reset}>
          Try again
        </button>
        <Link href="/" className="button button--secondary">
          All documents
        </Link>
      </div>
    </main>
  );
}
