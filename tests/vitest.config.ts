import { defineConfig } from 'vitest/config';

// Cross-process tests: real servers on port 0, real clients, real LevelDB in temp dirs.
// Two workers at most: the machine has two cores and child processes need CPU too.
export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    setupFiles: ['./src/helpers/setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
