import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import type { AccountView } from '@/account/AccountProvider';
import { isInstalled } from '@/workspace/workspaces';
import { type AppServer, appServer } from './appServer';
import { type Account, accountFor } from './currentAccount';

/** For a server component: the app server and the account of the request's session (null: signed out). */
export async function pageAccount(): Promise<{ server: AppServer; account: Account | null }> {
  const server = await appServer();
  return { server, account: await accountFor(server, await headers()) };
}

/**
 * For a page that needs someone signed in: a fresh install goes to the setup, a signed-out person to
 * the sign-in page (coming back to `here` afterwards).
 */
export async function requireAccount(here: string): Promise<{ server: AppServer; account: Account }> {
  const { server, account } = await pageAccount();
  if (account === null) {
    if (!(await isInstalled(server.database.db))) redirect('/setup');
    redirect(`/sign-in?next=${encodeURIComponent(here)}`);
  }
  return { server, account };
}

/** What the browser gets to know of an account. */
export function accountView(account: Account | null): AccountView | null {
  if (account === null) return null;
  return { ...account.user, workspace: account.workspace, role: account.role };
}
