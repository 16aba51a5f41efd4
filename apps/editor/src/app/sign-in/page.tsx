import Link from 'next/link';
import { redirect } from 'next/navigation';
import { AuthCard } from '@/account/AuthCard';
import { SignInForm } from '@/account/SignInForm';
import { safeNext } from '@/account/safeNext';
import { pageAccount } from '@/server/pageAccount';
import { installedWorkspace } from '@/workspace/workspaces';

export const metadata = { title: 'Sign in · Tandem' };

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const query = await searchParams;
  const next = safeNext(query.next);
  const { server, account } = await pageAccount();
  if (account !== null) redirect(next);
  const workspace = await installedWorkspace(server.database.db);
  if (workspace === null) redirect('/setup');
  const oauthError = typeof query.error === 'string' ? query.error : null;
  return (
    <AuthCard title={`Sign in to ${workspace.name}`} lead="Your documents, on every device you sign in on.">
      {oauthError !== null && (
        <p className="auth-form__error" role="alert" data-testid="sso-error">
          Single sign-on did not work ({oauthError.replaceAll('_', ' ')}).
        </p>
      )}
      <SignInForm next={next} sso={server.config.oidc?.name ?? null} />
      <p className="auth-card__footer">
        {server.config.signup === 'open' ? (
          <>
            New here? <Link href={`/sign-up?next=${encodeURIComponent(next)}`}>Create an account</Link>
          </>
        ) : (
          'New here? Ask someone in the workspace for an invitation link.'
        )}
      </p>
    </AuthCard>
  );
}
