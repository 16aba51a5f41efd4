import { AccessDeniedError } from '@tandem/editor-react';
import type { ShareGrant } from './access';

export interface TokenResponse {
  token: string;
  expiresAt: number;
  share: Record<string, { edit?: string; view: string }>;
  /** Grants the service found invalid (only with `skipInvalid`). */
  rejected: string[];
}

/**
 * Asks the app's token route for a sync-server token covering `grants`, signed in as `name`.
 * A refusal (400/403) rejects with `AccessDeniedError` (the editor shows it and stops); anything
 * else (network, 5xx) with a plain Error, which the editor retries.
 */
export async function fetchToken(name: string, grants: readonly ShareGrant[], options: { skipInvalid?: boolean } = {}): Promise<TokenResponse> {
  const response = await fetch('/api/token', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ name, grants, skipInvalid: options.skipInvalid === true }),
    cache: 'no-store',
  });
  const body = (await response.json().catch(() => ({}))) as Partial<TokenResponse> & { error?: string };
  if (response.status === 400 || response.status === 403) {
    throw new AccessDeniedError(body.error ?? 'You don’t have access to this document.');
  }
  if (!response.ok || typeof body.token !== 'string') throw new Error(`the token service answered ${response.status}`);
  return { token: body.token, expiresAt: body.expiresAt ?? 0, share: body.share ?? {}, rejected: body.rejected ?? [] };
}
