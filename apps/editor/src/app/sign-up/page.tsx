import Link from 'next/link';
import { redirect } from 'next/navigation';
import { AuthCard } from '@/account/AuthCard';
import { SignUpForm } from '@/account/SignUpForm';
import { safeNext } from '@/account/safeNext';
import { pageAccount } from '@/server/pageAccount';
import { installedWorkspace } from '@/workspace/workspaces';

export const metadata = { title: 'Create an account · Tandem' };

/** Open sign-up (SIGNUP=open); otherwise people join through an invitation (`/invite/…`, `/invitation/…`). */
export default async function SignUpPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const next = safeNext((await searchParams).next);
  const { server, account } = await pageAccount();
  if (account !== null) redirect(next);
  const workspace = await installedWorkspace(server.database.db);
  if (workspace === null) redirect('/setup');
  if (server.config.signup !== 'open') {
    return (
      <AuthCard title="Joining needs an invitation" lead={`Ask an owner or admin of ${workspace.name} for an invitation link.`}>
        <p className="auth-card__footer">
          Have an account? <Link href="/sign-in">Sign in</Link>
        </p>
      </AuthCard>
    );
  }
  return (
    <AuthCard title={`Join ${workspace.name}`} lead="Create your account.">
      <SignUpForm by={{ kind: 'open' }} next={next} submitLabel="Create account" />
      <p className="auth-card__footer">
        Have an account? <Link href={`/sign-in?next=${encodeURIComponent(next)}`}>Sign in</Link>
      </p>
    </AuthCard>
  );
}
