import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { withSerwist } from '@serwist/turbopack';
import type { NextConfig } from 'next';
import { PHASE_DEVELOPMENT_SERVER } from 'next/constants';

// The monorepo root: workspace packages and hoisted dependencies live in its node_modules.
const monorepoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * `next dev` reads the workspace packages from their TypeScript source (their `source` export
 * condition), so it needs no prior build and picks up their changes at once; `next build` uses
 * their built dist/ as any consumer would.
 */
const sourceAliases = {
  '@tandem/editor-react/doc-name': './packages/editor-react/src/docName.ts',
  '@tandem/editor-react/styles.css': './packages/editor-react/src/styles.css',
  '@tandem/editor-react': './packages/editor-react/src/index.ts',
  '@tandem/schema': './packages/schema/src/index.ts',
  '@tandem/document': './packages/document/src/index.ts',
  '@tandem/tokens': './packages/tokens/src/index.ts',
  '@tandem/protocol': './packages/protocol/src/index.ts',
};

export default function nextConfig(phase: string): NextConfig {
  const development = phase === PHASE_DEVELOPMENT_SERVER;
  // withSerwist: the service worker's route bundles it with esbuild, which stays outside the server bundle.
  return withSerwist({
    reactStrictMode: true,
    poweredByHeader: false,
    outputFileTracingRoot: monorepoRoot,
    turbopack: { root: monorepoRoot, ...(development ? { resolveAlias: sourceAliases } : {}) },
    ...(development
      ? { transpilePackages: ['@tandem/editor-react', '@tandem/schema', '@tandem/document', '@tandem/tokens', '@tandem/protocol'] }
      : {}),
  });
}
