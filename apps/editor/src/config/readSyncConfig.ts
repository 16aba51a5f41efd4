import { SYNC_URL_ENV, type SyncConfig, syncConfigFrom } from './syncConfig';

/**
 * Reads `NEXT_PUBLIC_SYNC_URL` from the running server's environment (call it during dynamic
 * rendering, after `await connection()`), falling back to the value seen at build time and then
 * to the default. The lookup goes through a variable on purpose: Next inlines literal
 * `process.env.NEXT_PUBLIC_*` references at build time, which would freeze the URL into the
 * build; read this way, one build can be pointed at any sync server when it starts.
 */
export function readSyncConfig(): SyncConfig {
  const env: Record<string, string | undefined> = process.env;
  const atRuntime = env[SYNC_URL_ENV];
  const atBuild = process.env.NEXT_PUBLIC_SYNC_URL;
  return syncConfigFrom(atRuntime ?? atBuild);
}
