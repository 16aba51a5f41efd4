import { AUTH_SECRET_ENV, readAuthSecret } from './auth/authSecret';
import { SYNC_URL_ENV, syncConfigFrom } from './config/syncConfig';

/** Runs once when the Next server starts: a bad NEXT_PUBLIC_SYNC_URL or AUTH_SECRET is reported before any request. */
export function register(): void {
  const env: Record<string, string | undefined> = process.env;
  const config = syncConfigFrom(env[SYNC_URL_ENV] ?? process.env.NEXT_PUBLIC_SYNC_URL);
  console.log(`tandem editor: sync server ${config.syncUrl} (HTTP API ${config.httpUrl})`);
  const auth = readAuthSecret(process.env) === null ? `open mode (no ${AUTH_SECRET_ENV}): every document is open to everyone` : `share links and 10-minute tokens signed with ${AUTH_SECRET_ENV}`;
  console.log(`tandem editor: ${auth}`);
}
