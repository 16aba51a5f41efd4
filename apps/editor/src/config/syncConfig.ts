/**
 * Where the sync server is. One setting, `NEXT_PUBLIC_SYNC_URL` (a ws:// or wss:// URL,
 * default `ws://localhost:1234`); its HTTP API (`/api/docs`, `/api/events`) is the same
 * host and port over http:// or https://.
 */
export interface SyncConfig {
  /** WebSocket base URL for the editor's provider, without a trailing slash. */
  syncUrl: string;
  /** HTTP base URL of the same server, without a trailing slash. */
  httpUrl: string;
}

export const SYNC_URL_ENV = 'NEXT_PUBLIC_SYNC_URL';
export const DEFAULT_SYNC_URL = 'ws://localhost:1234';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Validates a sync URL and derives the HTTP base from it; the error names the setting. */
export function syncConfigFrom(value: string | undefined): SyncConfig {
  const raw = value === undefined || value.trim() === '' ? DEFAULT_SYNC_URL : value.trim();
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`${SYNC_URL_ENV} must be a ws:// or wss:// URL, got ${JSON.stringify(raw)}`);
  }
  const httpProtocol = { 'ws:': 'http:', 'wss:': 'https:' }[url.protocol];
  if (httpProtocol === undefined) {
    throw new ConfigError(`${SYNC_URL_ENV} must use ws:// or wss://, got ${JSON.stringify(raw)}`);
  }
  if (url.search !== '' || url.hash !== '') {
    throw new ConfigError(`${SYNC_URL_ENV} must not have a query or fragment, got ${JSON.stringify(raw)}`);
  }
  const path = url.pathname.replace(/\/+$/, '');
  const syncUrl = `${url.protocol}//${url.host}${path}`;
  const httpUrl = `${httpProtocol}//${url.host}${path}`;
  return { syncUrl, httpUrl };
}
