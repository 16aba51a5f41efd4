import type { Migration } from 'kysely';
import type { DatabaseKind } from '../openDatabase';
import { accountsMigration } from './0001_accounts';
import { workspacesMigration } from './0002_workspaces';

/**
 * Every migration of the app database, by name, in order: better-auth's tables and the app's own
 * go through this one versioned path (Kysely's migrator, its table `app_migration`). A released
 * migration is never edited: a change is a new one.
 */
export function appMigrations(kind: DatabaseKind): Record<string, Migration> {
  return {
    '0001_accounts': accountsMigration(kind),
    '0002_workspaces': workspacesMigration(kind),
  };
}
