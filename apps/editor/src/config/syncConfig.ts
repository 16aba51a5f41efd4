/**
 * Where the sync server is. One setting, `NEXT_PUBLIC_SYNC_URL`: a path on the page's own origin
 * (default `/sync`: the app and the sync server behind one public origin, as `npm start` and the
 * README's reverse proxies serve them), or a `ws://` / `wss://` URL of a sync server elsewhere.
 * A path becomes `ws://<page host>/sync` on an http:// page and `wss://…` on an https:// one, so
 * the address a teammate opened is the one the editor syncs through. The HTTP API (`/api/docs`,
 * `/api/events`, uploads) is under the same base over http:// or https://.
 */
export interface SyncConfig {
  /** WebSocket base URL for the editor's provider, without a trailing slash. */
  syncUrl: string;
  /** HTTP base URL of the same server, without a trailing slash. */
  httpUrl: string;
}

/** The page the sync URL is resolved against (`window.location` in the browser). */
export interface PageOrigin {
  protocol: string;
  host: string;
}

export const SYNC_URL_ENV = 'NEXT_PUBLIC_SYNC_URL';
export const DEFAULT_SYNC_URL = '/sync';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const fail = (problem: string, raw: string) => new ConfigError(`${SYNC_URL_ENV} ${problem}, got ${JSON.stringify(raw)}`);

/**
 * The setting, validated and without a trailing slash: a path (`/sync`) or a ws(s):// URL. Unset
 * or blank is the default. The error names the setting.
 */
export function syncSettingFrom(value: string | undefined): string {
  const raw = value === undefined || value.trim() === '' ? DEFAULT_SYNC_URL : value.trim();
  if (raw.startsWith('/') && !raw.startsWith('//')) {
    if (/[?#\s]/.test(raw)) throw fail('must be a path without a query, fragment or spaces', raw);
    const path = raw.replace(/\/+$/, '');
    if (path === '') throw fail('must not be "/": the app\'s own pages are there; use a path such as /sync', raw);
    return path;
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw fail("must be a path on the page's origin (e.g. /sync) or a ws:// or wss:// URL", raw);
  }
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') throw fail('must be a path (e.g. /sync) or use ws:// or wss://', raw);
  if (url.search !== '' || url.hash !== '') throw fail('must not have a query or fragment', raw);
  return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
}

/** The sync and HTTP base URLs for a page: a path setting goes to the page's own host. */
export function resolveSyncConfig(setting: string, page: PageOrigin): SyncConfig {
  if (setting.startsWith('/')) {
    const secure = page.protocol === 'https:';
    return {
      syncUrl: `${secure ? 'wss' : 'ws'}://${page.host}${setting}`,
      httpUrl: `${secure ? 'https' : 'http'}://${page.host}${setting}`,
    };
  }
  const url = new URL(setting);
  const path = url.pathname.replace(/\/+$/, '');
  return { syncUrl: setting, httpUrl: `${url.protocol === 'wss:' ? 'https:' : 'http:'}//${url.host}${path}` };
}

/** Validates a sync setting and resolves it for a page; the error names the setting. */
export function syncConfigFrom(value: string | undefined, page: PageOrigin): SyncConfig {
  return resolveSyncConfig(syncSettingFrom(value), page);
}
