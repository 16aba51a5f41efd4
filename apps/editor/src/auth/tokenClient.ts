import { AccessDeniedError } from '@tandem/editor-react';

export interface TokenResponse {
  token: string;
  expiresAt: number;
  /** What the token gives on the document asked about (`docId`): null, nothing. */
  access: 'read' | 'write' | null;
}

/**
 * Asks the app's token route for a sync-server token for the signed-in account's rights (its
 * workspace, documents shared with it, links it opened), and (with `docId`) what it gives on that
 * document. A refusal (400/401/403) rejects with `AccessDeniedError` (the editor shows it and
 * stops); anything else (network, 5xx) with a plain Error, which the editor retries.
 */
export async function fetchToken(request: { docId?: string } = {}): Promise<TokenResponse> {
  const response = await fetch('/api/token', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ docId: request.docId ?? null }),
    cache: 'no-store',
  });
  const body = (await response.json().catch(() => ({}))) as Partial<TokenResponse> & { error?: string };
  if (response.status === 400 || response.status === 401 || response.status === 403) {
    throw new AccessDeniedError(body.error ?? 'You don’t have access to this document.');
  }
  if (!response.ok || typeof body.token !== 'string') throw new Error(`the token service answered ${response.status}`);
  return { token: body.token, expiresAt: body.expiresAt ?? 0, access: body.access ?? null };
}
