/// <reference lib="webworker" />
import {
  CacheableResponsePlugin,
  CacheFirst,
  ExpirationPlugin,
  NetworkFirst,
  NetworkOnly,
  type PrecacheEntry,
  type RouteMatchCallbackOptions,
  Serwist,
  type SerwistGlobalConfig,
  StaleWhileRevalidate,
} from 'serwist';

/**
 * The editor app's service worker (Serwist; built by @serwist/turbopack from this file, served at
 * /serwist/sw.js). What it keeps so that the app opens and works offline after a reload:
 * - the build's static files (scripts, styles, fonts), precached at install;
 * - the pages people open (the list and each document page), network first so they are always
 *   current, the kept copy when the network is down or too slow; the document's content itself
 *   comes from the editor's IndexedDB copy, its edits sync when the server is back;
 * - uploaded images (content-addressed, so never stale), fetched in CORS mode so the kept copy is
 *   a readable response, not an opaque one.
 * The app's own API (tokens, new documents) and the sync server's API are never cached.
 */
declare global {
  interface WorkerGlobalScope extends SerwistGlobalConfig {
    __SW_MANIFEST: (PrecacheEntry | string)[] | undefined;
  }
}
declare const self: ServiceWorkerGlobalScope;

const DAY_SECONDS = 24 * 60 * 60;
const UPLOADED_IMAGE = /\/api\/uploads\/[0-9a-f]{64}\.(png|jpg|gif|webp)$/;

/** The list and the document pages as HTML: not a React Server Components request of the client router, nor the API. */
const isPage = ({ request, url, sameOrigin }: RouteMatchCallbackOptions) =>
  sameOrigin &&
  request.method === 'GET' &&
  (url.pathname === '/' || url.pathname.startsWith('/d/')) &&
  !request.headers.has('RSC') &&
  !url.searchParams.has('_rsc');

const serwist = new Serwist({
  precacheEntries: self.__SW_MANIFEST,
  skipWaiting: true,
  clientsClaim: true,
  navigationPreload: true,
  runtimeCaching: [
    {
      matcher: isPage,
      handler: new NetworkFirst({
        cacheName: 'tandem-pages',
        networkTimeoutSeconds: 10,
        matchOptions: { ignoreVary: true },
        plugins: [
          new CacheableResponsePlugin({ statuses: [200] }),
          new ExpirationPlugin({ maxEntries: 200, maxAgeSeconds: 90 * DAY_SECONDS }),
        ],
      }),
    },
    {
      matcher: ({ url, request }) => request.method === 'GET' && UPLOADED_IMAGE.test(url.pathname),
      handler: new CacheFirst({
        cacheName: 'tandem-images',
        plugins: [
          { requestWillFetch: async ({ request }) => new Request(request.url, { mode: 'cors', credentials: 'omit' }) },
          new CacheableResponsePlugin({ statuses: [200] }),
          new ExpirationPlugin({ maxEntries: 300, maxAgeSeconds: 90 * DAY_SECONDS, purgeOnQuotaError: true }),
        ],
      }),
    },
    {
      // Every other navigation (sign-in, invitations, the OpenID callback under /api/auth): to the
      // network, kept nowhere, answered with the navigation preload the browser already sent. Left
      // unanswered, the browser fetched such a page a second time after its preload, and a second
      // GET of a one-time URL fails (the OpenID callback's state is used up by the first).
      matcher: ({ sameOrigin, request }) => sameOrigin && request.mode === 'navigate',
      handler: new NetworkOnly(),
    },
    {
      // The app's own files outside the build's static folder (its icon).
      matcher: ({ sameOrigin, url, request }) => sameOrigin && !url.pathname.startsWith('/api/') && request.destination === 'image',
      handler: new StaleWhileRevalidate({ cacheName: 'tandem-assets', plugins: [new ExpirationPlugin({ maxEntries: 20 })] }),
    },
  ],
});

serwist.addEventListeners();
