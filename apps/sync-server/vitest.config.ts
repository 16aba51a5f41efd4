import { defineConfig } from 'vitest/config';
import { workspaceSources } from '../../vitest.shared.js';

export default defineConfig({
  ...workspaceSources,
  test: { include: ['src/**/*.test.ts'] },
});
