import { AUTH_SECRET_ENV, readAuthSecret } from './auth/authSecret';
import { readSyncSetting } from './config/readSyncSetting';

/** Runs once when the Next server starts: a bad NEXT_PUBLIC_SYNC_URL or AUTH_SECRET is reported before any request. */
export async function register(): Promise<void> {
  const sync = readSyncSetting();
  const where = sync.startsWith('/') ? `${sync} on the page's own origin (wss:// under https://)` : `${sync} (HTTP API on the same base)`;
  console.log(`tandem editor: sync server at ${where}`);
  const auth =
    readAuthSecret(process.env) === null
      ? `open mode (no ${AUTH_SECRET_ENV}): every document is open to everyone`
      : `share links and 10-minute tokens signed with ${AUTH_SECRET_ENV}`;
  console.log(`tandem editor: ${auth}`);
  // Accounts: config, database and migrations before the first request; a bad setting stops the server, named.
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { appServer } = await import('./server/appServer');
    try {
      await appServer();
    } catch (error) {
      console.error(`tandem app: cannot start: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    }
  }
}
