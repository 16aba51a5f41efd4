'use client';

import { useRouter } from 'next/navigation';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { useAccount } from '@/account/AccountProvider';
import { authClient, errorText } from '@/account/authClient';
import { type Identity, parseIdentity } from './identity';
import { IdentityDialog } from './IdentityDialog';

interface IdentityContextValue {
  /** Your name and caret colour, from your account, and its id (your tabs and devices are one person); null when signed out. */
  identity: (Identity & { id: string }) | null;
  /** Open the dialog to change name or colour. */
  edit(): void;
}

const IdentityContext = createContext<IdentityContextValue | null>(null);

/** Tabs of this browser tell each other of a new name or colour (other devices see it on their next page). */
const CHANNEL = 'tandem.identity';

/**
 * Who you are in the editor: the signed-in account's name and colour (the server renders them
 * into the page). Changing them updates the account, on every device.
 */
export function IdentityProvider({ children }: { children: ReactNode }) {
  const account = useAccount();
  const router = useRouter();
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState<Identity | null>(null);
  const identity = useMemo(
    () => (account === null ? null : { ...(saved ?? { name: account.name, color: account.color }), id: account.id }),
    [account, saved],
  );

  useEffect(() => {
    if (typeof BroadcastChannel === 'undefined' || account === null) return;
    const channel = new BroadcastChannel(CHANNEL);
    channel.onmessage = (event: MessageEvent<{ id?: unknown; identity?: unknown }>) => {
      const next = parseIdentity(JSON.stringify(event.data.identity ?? null));
      if (event.data.id === account.id && next !== null) setSaved(next);
    };
    return () => channel.close();
  }, [account]);

  const save = useCallback(
    async (next: Identity): Promise<string | null> => {
      const { error } = await authClient.updateUser({ name: next.name, color: next.color });
      if (error) return errorText(error, 'Could not save your name and colour.');
      setSaved(next);
      setEditing(false);
      if (typeof BroadcastChannel !== 'undefined' && account !== null) {
        const channel = new BroadcastChannel(CHANNEL);
        channel.postMessage({ id: account.id, identity: next });
        channel.close();
      }
      router.refresh();
      return null;
    },
    [router, account],
  );
  const edit = useCallback(() => setEditing(true), []);
  const value = useMemo(() => ({ identity, edit }), [identity, edit]);

  return (
    <IdentityContext.Provider value={value}>
      {children}
      {editing && identity !== null && <IdentityDialog initial={identity} onSave={save} onCancel={() => setEditing(false)} />}
    </IdentityContext.Provider>
  );
}

export function useIdentity(): IdentityContextValue {
  const value = useContext(IdentityContext);
  if (value === null) throw new Error('useIdentity must be used inside <IdentityProvider>');
  return value;
}
