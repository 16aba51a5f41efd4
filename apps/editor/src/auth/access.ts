/**
 * What a share link grants: `edit` (write) or `view` (read). The sync server's token claim uses
 * `write` / `read`; links use the words people see.
 */
export type ShareAccess = 'edit' | 'view';

export const shareAccesses: readonly ShareAccess[] = ['edit', 'view'];

export function isShareAccess(value: unknown): value is ShareAccess {
  return value === 'edit' || value === 'view';
}

/** The `docs` claim value for an access. */
export function claimAccess(access: ShareAccess): 'write' | 'read' {
  return access === 'edit' ? 'write' : 'read';
}

/** A signed share grant: "whoever holds `sig` may `access` document `docId`". */
export interface ShareGrant {
  docId: string;
  access: ShareAccess;
  sig: string;
}
