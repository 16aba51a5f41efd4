import { afterAll, beforeAll } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../packages/persistence/test/postgresTestDatabase.js';

/**
 * A fresh PostgreSQL database for the current test file (created before its tests, dropped after),
 * when `enabled` (the file's services answered); read it inside the tests.
 */
export function fileDatabase(enabled: boolean): () => TestDatabase {
  let database: TestDatabase | null = null;
  beforeAll(async () => {
    if (enabled) database = await createTestDatabase();
  });
  afterAll(async () => {
    await database?.drop();
  });
  return () => {
    if (database === null) throw new Error('no test database: the file skipped, or beforeAll failed');
    return database;
  };
}
