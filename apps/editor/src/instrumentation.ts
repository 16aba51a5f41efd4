import { SYNC_URL_ENV, syncConfigFrom } from './config/syncConfig';

/** Runs once when the Next server starts: a bad NEXT_PUBLIC_SYNC_URL is reported before any request. */
export function register(): void {
  const env: Record<string, string | undefined> = process.env;
  const config = syncConfigFrom(env[SYNC_URL_ENV] ?? process.env.NEXT_PUBLIC_SYNC_URL);
  console.log(`tandem editor: sync server ${config.syncUrl} (HTTP API ${config.httpUrl})`);
}
