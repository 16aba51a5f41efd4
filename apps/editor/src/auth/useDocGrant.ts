'use client';

import { useEffect, useState } from 'react';
import type { ShareGrant } from './access';
import { grantFromQuery, loadKeyring, saveGrant } from './keyring';

export interface DocGrant {
  /** undefined while reading (never during server rendering); null: this browser holds no grant. */
  grant: ShareGrant | null | undefined;
  /** The grant came from the link just opened (not yet confirmed by the token service). */
  fromLink: boolean;
  /** Keep the link's grant (once the token service accepted it) and show the plain address. */
  keep: () => void;
}

/**
 * The share grant to open `docId` with: the one in the link (`?access=…&sig=…`) if it is at least
 * as strong as the one this browser holds, else the held one. A link's grant is only stored once
 * the token service accepted it, so a tampered link cannot replace a grant that works.
 */
export function useDocGrant(docId: string): DocGrant {
  const [state, setState] = useState<{ grant: ShareGrant | null | undefined; fromLink: boolean }>({ grant: undefined, fromLink: false });

  useEffect(() => {
    const held = loadKeyring()[docId];
    const heldGrant: ShareGrant | null = held ? { docId, ...held } : null;
    const linked = grantFromQuery(docId, new URLSearchParams(window.location.search));
    const useLink = linked !== null && !(heldGrant?.access === 'edit' && linked.access === 'view');
    setState(useLink ? { grant: linked, fromLink: true } : { grant: heldGrant, fromLink: false });
    // A weaker link than what we hold: just show the plain address.
    if (linked !== null && !useLink) window.history.replaceState(null, '', window.location.pathname);
  }, [docId]);

  const keep = () => {
    if (!state.fromLink || !state.grant) return;
    saveGrant(state.grant);
    window.history.replaceState(null, '', window.location.pathname);
    setState((current) => ({ ...current, fromLink: false }));
  };

  return { ...state, keep };
}
