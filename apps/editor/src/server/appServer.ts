import { type AppConfig, appConfigFrom } from '@/config/appConfig';
import { migrateToLatest } from '@/db/migrate';
import { type AppDatabase, openDatabase } from '@/db/openDatabase';
import { pruneIssuedTokens } from '@/workspace/issuedTokens';
import { type Auth, createAuth } from './createAuth';
import { createMailer, type Mailer } from './mailer';
import { adoptServerDeletions, purgeExpiredTrash } from './documentTrash';
import { createMembershipEffects } from './membershipEffects';
import { resolveSessionSecret } from './sessionSecret';
import { createSyncDocuments, type SyncDocuments } from './syncDocuments';
import { createSyncRevocations, type SyncRevocations } from './syncRevocations';

/** Everything the app's server side shares: config, database, better-auth, mail, the sync server's revocations. */
export interface AppServer {
  config: AppConfig;
  database: AppDatabase;
  auth: Auth;
  mailer: Mailer;
  revocations: SyncRevocations;
  /** The sync server's documents API (trash, restore, purge, duplicate), acting for a person. */
  sync: SyncDocuments;
}

const log = (line: string) => console.log(`tandem app: ${line}`);
const logError = (line: string) => console.error(`tandem app: ${line}`);
const RETRY_MS = 30_000;
const TRASH_CHECK_MS = 60_000;

async function start(): Promise<AppServer> {
  const config = appConfigFrom(process.env);
  const database = await openDatabase(config.database);
  const applied = await migrateToLatest(database);
  log(`accounts in ${database.describe}${applied.length > 0 ? ` (migrated: ${applied.join(', ')})` : ''}`);
  const session = resolveSessionSecret(config);
  const mailer = createMailer({ smtpUrl: config.mail.smtpUrl, from: config.mail.from, log });
  const revocations = createSyncRevocations({
    httpUrl: syncServerUrl(config),
    adminKey: config.syncAdminKey,
    db: database.db,
    log: { info: log, error: logError },
  });
  const sync = createSyncDocuments({ httpUrl: syncServerUrl(config), authSecret: config.authSecret });
  const effects = createMembershipEffects(database.db, revocations);
  const auth = createAuth({ config, database, secret: session.secret, mailer, effects, log });
  log(
    `sessions signed with the secret ${session.source}; mail ${mailer.via === 'smtp' ? 'through SMTP' : 'links printed here (no SMTP_URL)'}`,
  );
  log(
    revocations.live
      ? 'removed members lose access on open connections at once (SYNC_ADMIN_KEY)'
      : `${config.syncAdminKey === null ? 'no SYNC_ADMIN_KEY' : 'SYNC_ADMIN_KEY set but no SYNC_SERVER_URL to send it to'}: a removed member keeps open connections until their token expires (10 minutes at most)`,
  );
  if (config.oidc !== null) log(`single sign-on through ${config.oidc.issuer}`);
  // Revocations the sync server missed are sent again; expired token records are dropped.
  const timer = setInterval(() => {
    revocations.retryPending().catch((error: unknown) => logError(`retrying revocations failed: ${String(error)}`));
    pruneIssuedTokens(database.db, Date.now()).catch((error: unknown) => logError(`pruning token records failed: ${String(error)}`));
  }, RETRY_MS);
  timer.unref();
  // Deletions made directly on the sync server are followed here; documents past their workspace's
  // trash retention are purged, on the sync server and here.
  const trashCheck = async () => {
    try {
      const adopted = await adoptServerDeletions(database.db, sync, Date.now());
      if (adopted.length > 0) log(`deleted on the sync server, so in the trash here too: ${adopted.join(', ')}`);
      const purged = await purgeExpiredTrash(database.db, sync, Date.now(), { error: logError });
      if (purged.length > 0) log(`purged from the trash after the workspace's retention: ${purged.join(', ')}`);
    } catch (error) {
      logError(`checking the trash against the sync server failed, trying again in a minute: ${String(error)}`);
    }
  };
  if (!sync.configured) log('no SYNC_SERVER_URL: moving documents to the trash, restoring and copying them are off');
  else setInterval(trashCheck, TRASH_CHECK_MS).unref();
  return { config, database, auth, mailer, revocations, sync };
}

/** Where this server reaches the sync server's HTTP API: SYNC_SERVER_URL, else NEXT_PUBLIC_SYNC_URL when it is a URL. */
function syncServerUrl(config: AppConfig): string | null {
  if (config.syncServerUrl !== null) return config.syncServerUrl;
  // Read through a variable: Next would inline a literal process.env.NEXT_PUBLIC_* at build time.
  const env: Record<string, string | undefined> = process.env;
  const setting = env.NEXT_PUBLIC_SYNC_URL?.trim() ?? '';
  if (!/^wss?:\/\//.test(setting)) return null;
  const url = new URL(setting);
  return `${url.protocol === 'wss:' ? 'https:' : 'http:'}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
}

const KEY = Symbol.for('tandem.appServer');
type Holder = { [KEY]?: Promise<AppServer> };

/**
 * The app server, started once per process (the first caller starts it: instrumentation at boot,
 * or the first request). Kept on globalThis because Next may load this module more than once (its
 * route and page bundles); a failed start is not cached, so the next request reports it again.
 */
export function appServer(): Promise<AppServer> {
  const holder = globalThis as Holder;
  if (holder[KEY] === undefined) {
    const starting = start();
    holder[KEY] = starting;
    starting.catch(() => {
      if (holder[KEY] === starting) delete holder[KEY];
    });
  }
  return holder[KEY];
}
