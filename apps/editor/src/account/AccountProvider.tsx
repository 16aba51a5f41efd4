'use client';

import { createContext, type ReactNode, useContext } from 'react';
import type { WorkspaceRole } from '@/workspace/roles';

/** What the pages know of the signed-in person (rendered by the server from the session). */
export interface AccountView {
  id: string;
  name: string;
  email: string;
  color: string;
  workspace: { id: string; name: string } | null;
  role: WorkspaceRole | null;
}

const AccountContext = createContext<AccountView | null>(null);

export function AccountProvider({ account, children }: { account: AccountView | null; children: ReactNode }) {
  return <AccountContext.Provider value={account}>{children}</AccountContext.Provider>;
}

/** The signed-in account, or null on the pages a signed-out person sees (sign-in, setup, invitations). */
export function useAccount(): AccountView | null {
  return useContext(AccountContext);
}
