import { type MigrationResultSet, Migrator } from 'kysely';
import { appMigrations } from './migrations';
import type { AppDatabase } from './openDatabase';

export class MigrationError extends Error {
  override name = 'MigrationError';
}

/**
 * Brings the database to the newest schema (each migration in its own transaction, under Kysely's
 * lock, so app servers starting together on one PostgreSQL migrate once). Returns the names applied.
 */
export async function migrateToLatest(database: AppDatabase): Promise<string[]> {
  const migrator = new Migrator({
    db: database.db,
    provider: { getMigrations: async () => appMigrations(database.kind) },
    migrationTableName: 'app_migration',
    migrationLockTableName: 'app_migration_lock',
    ...(database.schema === null ? {} : { migrationTableSchema: database.schema }),
  });
  const { error, results }: MigrationResultSet = await migrator.migrateToLatest();
  const failed = results?.find((result) => result.status === 'Error');
  if (error !== undefined) {
    const where = failed ? `migration ${failed.migrationName}` : 'the migrations';
    throw new MigrationError(`${where} failed on ${database.describe}: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
  return (results ?? []).filter((result) => result.status === 'Success').map((result) => result.migrationName);
}
