'use client';

import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { type Identity, IDENTITY_STORAGE_KEY, parseIdentity } from './identity';
import { IdentityDialog } from './IdentityDialog';

interface IdentityContextValue {
  /** undefined until read from localStorage (never during server rendering); null on a first visit. */
  identity: Identity | null | undefined;
  setIdentity(identity: Identity): void;
  /** Open the dialog to change name or colour. */
  edit(): void;
}

const IdentityContext = createContext<IdentityContextValue | null>(null);

/**
 * Keeps the identity in localStorage (shared by the tabs of this browser) and asks for a name on
 * the first visit.
 */
export function IdentityProvider({ children }: { children: ReactNode }) {
  const [identity, setState] = useState<Identity | null | undefined>(undefined);
  const [editing, setEditing] = useState(false);

  useEffect(() => {
    setState(parseIdentity(localStorage.getItem(IDENTITY_STORAGE_KEY)));
    const onStorage = (event: StorageEvent) => {
      if (event.key === IDENTITY_STORAGE_KEY || event.key === null) setState(parseIdentity(localStorage.getItem(IDENTITY_STORAGE_KEY)));
    };
    window.addEventListener('storage', onStorage);
    return () => window.removeEventListener('storage', onStorage);
  }, []);

  const setIdentity = useCallback((next: Identity) => {
    localStorage.setItem(IDENTITY_STORAGE_KEY, JSON.stringify(next));
    setState(next);
    setEditing(false);
  }, []);
  const edit = useCallback(() => setEditing(true), []);
  const value = useMemo(() => ({ identity, setIdentity, edit }), [identity, setIdentity, edit]);

  const firstVisit = identity === null;
  return (
    <IdentityContext.Provider value={value}>
      {children}
      {(firstVisit || editing) && (
        <IdentityDialog
          initial={identity ?? null}
          firstVisit={firstVisit}
          onSave={setIdentity}
          onCancel={firstVisit ? undefined : () => setEditing(false)}
        />
      )}
    </IdentityContext.Provider>
  );
}

export function useIdentity(): IdentityContextValue {
  const value = useContext(IdentityContext);
  if (value === null) throw new Error('useIdentity must be used inside <IdentityProvider>');
  return value;
}
