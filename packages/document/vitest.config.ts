import { defineConfig } from 'vitest/config';
import { workspaceSources } from '../../vitest.shared.js';

// Plain Node, no DOM: the conversions must run on a server as they are.
export default defineConfig({
  ...workspaceSources,
  test: { include: ['src/**/*.test.ts'], environment: 'node' },
});
