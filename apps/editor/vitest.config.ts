import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { workspaceSources } from '../../vitest.shared.js';

// Unit tests of the app's pure modules (config, identity, API parsing); the browser suite in
// tests/browser covers the pages themselves.
export default defineConfig({
  ...workspaceSources,
  resolve: { ...workspaceSources.resolve, alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) } },
  test: { include: ['src/**/*.test.ts'] },
});
