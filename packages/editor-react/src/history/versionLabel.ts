import type { VersionInfo } from './historyApi.js';

/** A version's name, or what it is when it has none. */
export const versionLabel = (version: VersionInfo) => version.name ?? 'Automatic version';

/** When a version was taken, as hours and minutes in the reader's locale. */
export const versionTime = (version: VersionInfo) =>
  new Date(version.createdAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
