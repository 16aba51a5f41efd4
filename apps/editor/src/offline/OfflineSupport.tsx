'use client';

import { SerwistProvider } from '@serwist/turbopack/react';
import { usePathname } from 'next/navigation';
import { type ReactNode, useEffect, useRef } from 'react';

/** Off in development: `next dev` serves everything fresh, and a worker there would only get in the way. */
const enabled = process.env.NODE_ENV === 'production';

/**
 * Registers the service worker (worker/sw.ts) and asks it to keep a copy of each page opened here:
 * the first page of a visit loads before the worker controls it, and the client router fetches
 * later pages as React Server Components, not as the HTML a reload needs. A page loaded through
 * the worker was kept on the way already.
 */
export function OfflineSupport({ children }: { children: ReactNode }) {
  const pathname = usePathname();
  const first = useRef(true);
  useEffect(() => {
    const loadedThroughWorker = first.current && navigator.serviceWorker?.controller != null;
    first.current = false;
    if (!enabled || !('serviceWorker' in navigator) || loadedThroughWorker) return;
    void navigator.serviceWorker.ready.then((registration) =>
      registration.active?.postMessage({ type: 'CACHE_URLS', payload: { urlsToCache: [pathname] } }),
    );
  }, [pathname]);
  return (
    <SerwistProvider swUrl="/serwist/sw.js" disable={!enabled} cacheOnNavigation={false} reloadOnOnline={false}>
      {children}
    </SerwistProvider>
  );
}
