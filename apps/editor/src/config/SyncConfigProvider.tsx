'use client';

import { createContext, type ReactNode, useContext, useMemo } from 'react';
import { type PageOrigin, resolveSyncConfig, type SyncConfig } from './syncConfig';

/** What the server hands the browser: the sync setting, where links point, whether documents need tokens. */
export interface ServerClientConfig {
  /** `NEXT_PUBLIC_SYNC_URL`, validated: a path on the page's origin or a ws(s):// URL. */
  sync: string;
  /** `PUBLIC_URL`'s origin; null: links use the address this page was opened at. */
  publicUrl: string | null;
  /** The app has AUTH_SECRET: documents need tokens, issued from the account's rights. */
  auth: boolean;
}

/** The sync server's address for this page, the origin links are made on, and whether documents need tokens. */
export interface ClientConfig extends SyncConfig {
  auth: boolean;
  /** PUBLIC_URL, else the page's origin (`''` while rendering on the server). */
  linkOrigin: string;
  /** The sync server's WebSocket URL as everyone reaches it (on `linkOrigin`): uploaded images are recorded on it. */
  publicSyncUrl: string;
}

const SyncConfigContext = createContext<ClientConfig | null>(null);

/**
 * The page the sync URL is resolved against: in the browser its own location; while rendering on
 * the server (where only effects use the URLs) PUBLIC_URL, or a placeholder.
 */
function currentPage(publicUrl: string | null): PageOrigin {
  if (typeof window !== 'undefined') return window.location;
  return new URL(publicUrl ?? 'http://localhost');
}

/** Resolves the server's configuration for this page and hands it to client components. */
export function SyncConfigProvider({ config, children }: { config: ServerClientConfig; children: ReactNode }) {
  const { sync, publicUrl, auth } = config;
  const value = useMemo(() => {
    const page = currentPage(publicUrl);
    const linkOrigin = publicUrl ?? (typeof window === 'undefined' ? '' : window.location.origin);
    const publicSyncUrl = resolveSyncConfig(sync, linkOrigin === '' ? page : new URL(linkOrigin)).syncUrl;
    return { ...resolveSyncConfig(sync, page), auth, linkOrigin, publicSyncUrl };
  }, [sync, publicUrl, auth]);
  return <SyncConfigContext.Provider value={value}>{children}</SyncConfigContext.Provider>;
}

export function useSyncConfig(): ClientConfig {
  const config = useContext(SyncConfigContext);
  if (config === null) throw new Error('useSyncConfig must be used inside <SyncConfigProvider>');
  return config;
}
