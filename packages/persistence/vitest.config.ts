import { defineConfig } from 'vitest/config';

// Real LevelDB and a worker thread on a shared 2-core machine: allow for a busy CPU.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
