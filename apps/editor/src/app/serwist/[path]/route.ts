import { createSerwistRoute } from '@serwist/turbopack';

// The service worker (worker/sw.ts), bundled with the build's precache manifest and served at
// /serwist/sw.js (a static route, prerendered by `next build`): Serwist's Turbopack integration.
export const { dynamic, dynamicParams, revalidate, generateStaticParams, GET } = createSerwistRoute({
  swSrc: 'worker/sw.ts',
  useNativeEsbuild: true,
  globPatterns: ['.next/static/**/*.{js,css,woff2,woff,ttf,svg,png,ico,webp,json}'],
  // Next's static files carry their content hash in their names.
  dontCacheBustURLsMatching: /^\.next\/static\//,
});
