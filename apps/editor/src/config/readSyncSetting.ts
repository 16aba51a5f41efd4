import { SYNC_URL_ENV, syncSettingFrom } from './syncConfig';

/**
 * Reads `NEXT_PUBLIC_SYNC_URL` from the running server's environment (call it during dynamic
 * rendering, after `await connection()`), falling back to the value seen at build time and then
 * to the default (`/sync` on the page's origin). The lookup goes through a variable on purpose:
 * Next inlines literal `process.env.NEXT_PUBLIC_*` references at build time, which would freeze the
 * URL into the build; read this way, one build can be pointed at any sync server when it starts.
 * Returns the validated setting; the browser resolves a path against its page (`resolveSyncConfig`).
 */
export function readSyncSetting(): string {
  const env: Record<string, string | undefined> = process.env;
  const atRuntime = env[SYNC_URL_ENV];
  const atBuild = process.env.NEXT_PUBLIC_SYNC_URL;
  return syncSettingFrom(atRuntime ?? atBuild);
}
