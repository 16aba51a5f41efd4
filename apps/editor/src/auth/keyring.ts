import { isValidDocName } from '@tandem/editor-react/doc-name';
import { isShareAccess, type ShareAccess, type ShareGrant } from './access';

/**
 * The share grants this browser holds ("my documents"), in localStorage: opening a share link
 * adds its grant, creating a document adds the creator's edit grant. The address bar then shows
 * the plain `/d/<id>`, which gives nobody else anything: sharing goes through the Share buttons.
 */
export const KEYRING_STORAGE_KEY = 'tandem.grants';

export type Keyring = Record<string, { access: ShareAccess; sig: string }>;

export function parseKeyring(raw: string | null): Keyring {
  if (raw === null) return {};
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return {};
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  const keyring: Keyring = {};
  for (const [docId, entry] of Object.entries(value)) {
    const { access, sig } = (entry ?? {}) as Record<string, unknown>;
    if (isValidDocName(docId) && isShareAccess(access) && typeof sig === 'string') keyring[docId] = { access, sig };
  }
  return keyring;
}

/** Adds a grant; an edit grant is never replaced by a view grant for the same doc. */
export function withGrant(keyring: Keyring, grant: ShareGrant): Keyring {
  const held = keyring[grant.docId];
  if (held?.access === 'edit' && grant.access === 'view') return keyring;
  return { ...keyring, [grant.docId]: { access: grant.access, sig: grant.sig } };
}

export function grantsOf(keyring: Keyring): ShareGrant[] {
  return Object.entries(keyring).map(([docId, { access, sig }]) => ({ docId, access, sig }));
}

/** The grant carried by a share link's query (`?access=view&sig=…`), or null. */
export function grantFromQuery(docId: string, query: URLSearchParams): ShareGrant | null {
  const access = query.get('access');
  const sig = query.get('sig');
  return isShareAccess(access) && sig !== null && sig !== '' ? { docId, access, sig } : null;
}

/** The link that hands `access` to `docId` on to someone else. */
export function shareLink(origin: string, docId: string, access: ShareAccess, sig: string): string {
  return `${origin}/d/${encodeURIComponent(docId)}?access=${access}&sig=${encodeURIComponent(sig)}`;
}

export function loadKeyring(): Keyring {
  return parseKeyring(localStorage.getItem(KEYRING_STORAGE_KEY));
}

export function saveGrant(grant: ShareGrant): Keyring {
  const next = withGrant(loadKeyring(), grant);
  localStorage.setItem(KEYRING_STORAGE_KEY, JSON.stringify(next));
  return next;
}

/** Drops a grant the server refused (e.g. after the secret was rotated). */
export function forgetGrant(docId: string): void {
  const { [docId]: _dropped, ...rest } = loadKeyring();
  localStorage.setItem(KEYRING_STORAGE_KEY, JSON.stringify(rest));
}
