'use client';

/** Last resort when even the root layout fails (e.g. a bad NEXT_PUBLIC_SYNC_URL): still a page, never a blank one. */
export default function GlobalError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="en">
      <body style={{ fontFamily: 'system-ui, sans-serif', padding: '64px 24px', textAlign: 'center', color: '#17181c' }}>
        <h1 style={{ fontSize: 24 }}>Tandem could not start this page</h1>
        <p style={{ color: '#6b6f7b' }}>
          {error.message || 'An unexpected error occurred.'}
          {error.digest ? ` (reference ${error.digest})` : ''}
        </p>
        <button type="button" onClick={reset} style={{ font: 'inherit', padding: '8px 14px', borderRadius: 10, cursor: 'pointer' }}>
          Try again
        </button>
      </body>
    </html>
  );
}
