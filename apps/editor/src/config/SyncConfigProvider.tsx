'use client';

import { createContext, type ReactNode, useContext } from 'react';
import type { SyncConfig } from './syncConfig';

/** The sync server's address, and whether documents need tokens (the app has AUTH_SECRET). */
export interface AppConfig extends SyncConfig {
  auth: boolean;
}

const SyncConfigContext = createContext<AppConfig | null>(null);

/** Hands the server-resolved sync configuration to client components. */
export function SyncConfigProvider({ config, children }: { config: AppConfig; children: ReactNode }) {
  return <SyncConfigContext.Provider value={config}>{children}</SyncConfigContext.Provider>;
}

export function useSyncConfig(): AppConfig {
  const config = useContext(SyncConfigContext);
  if (config === null) throw new Error('useSyncConfig must be used inside <SyncConfigProvider>');
  return config;
}
