'use client';

import { createContext, type ReactNode, useContext } from 'react';
import type { SyncConfig } from './syncConfig';

const SyncConfigContext = createContext<SyncConfig | null>(null);

/** Hands the server-resolved sync configuration to client components. */
export function SyncConfigProvider({ config, children }: { config: SyncConfig; children: ReactNode }) {
  return <SyncConfigContext.Provider value={config}>{children}</SyncConfigContext.Provider>;
}

export function useSyncConfig(): SyncConfig {
  const config = useContext(SyncConfigContext);
  if (config === null) throw new Error('useSyncConfig must be used inside <SyncConfigProvider>');
  return config;
}
