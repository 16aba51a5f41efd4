import Link from 'next/link';
import '@/account/account.css';
import { PasswordForm } from '@/account/PasswordForm';
import { SignOutButton } from '@/account/SignOutButton';
import { AppHeader } from '@/shell/AppHeader';
import { requireAccount } from '@/server/pageAccount';

export const metadata = { title: 'Your account · Tandem' };

export default async function AccountPage() {
  const { server, account } = await requireAccount('/account');
  const hasPassword = await server.database.db
    .selectFrom('account')
    .select('id')
    .where('userId', '=', account.user.id)
    .where('providerId', '=', 'credential')
    .executeTakeFirst();
  return (
    <>
      <AppHeader />
      <main className="settings" data-testid="account-page">
        <h1 className="settings__title">Your account</h1>
        <section className="settings__section">
          <h2>{account.user.name}</h2>
          <p className="settings__hint">
            {account.user.email}
            {account.workspace !== null && ` · ${account.role} of ${account.workspace.name}`}. Your name and colour: click your avatar at
            the top.
          </p>
          <div className="settings__inline">
            {account.workspace !== null && (
              <Link className="button button--secondary" href="/workspace">
                Workspace and people
              </Link>
            )}
            <SignOutButton />
          </div>
        </section>
        {hasPassword !== undefined && (
          <section className="settings__section">
            <h2>Password</h2>
            <PasswordForm />
          </section>
        )}
      </main>
    </>
  );
}
