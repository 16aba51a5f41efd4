/**
 * Vite resolve settings for the unit tests of a workspace package: other workspace packages resolve
 * to their sources (the "source" export condition in their package.json), so the tests need no
 * prior build of them. Vite's default conditions follow.
 */
export const workspaceSources = {
  resolve: { conditions: ['source', 'module', 'browser', 'development|production'] },
  ssr: { resolve: { conditions: ['source', 'module', 'node', 'development|production'] } },
};
