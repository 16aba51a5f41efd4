import Link from 'next/link';
import { redirect } from 'next/navigation';
import { AuthCard } from '@/account/AuthCard';
import { JoinButton } from '@/account/JoinButton';
import { SignOutButton } from '@/account/SignOutButton';
import { SignUpForm } from '@/account/SignUpForm';
import { pageAccount } from '@/server/pageAccount';
import { findInviteLink, inviteLinkProblem } from '@/workspace/inviteLinks';
import { getWorkspace, roleIn } from '@/workspace/workspaces';

export const metadata = { title: 'Invitation · Tandem' };

const article = (role: string) => (role === 'admin' ? 'an admin' : `a ${role}`);

/** An invitation link: sign up (or sign in) and join the workspace with the link's role. */
export default async function InviteLinkPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const { server, account } = await pageAccount();
  const { db } = server.database;
  const link = await findInviteLink(db, token);
  const problem = link === null ? 'not-found' : inviteLinkProblem(link, Date.now());
  const workspace = link === null ? null : await getWorkspace(db, link.workspace_id);
  if (link === null || workspace === null || problem !== null) {
    const why =
      problem === 'expired'
        ? 'has expired'
        : problem === 'revoked'
          ? 'was revoked'
          : problem === 'used-up'
            ? 'has been used up'
            : 'is not valid';
    return (
      <AuthCard title="This invitation does not work" lead={`The link ${why}. Ask the person who sent it for a new one.`}>
        <p className="auth-card__footer" data-testid="invite-invalid">
          <Link href="/sign-in">Sign in</Link>
        </p>
      </AuthCard>
    );
  }
  const here = `/invite/${encodeURIComponent(token)}`;
  if (account !== null) {
    if ((await roleIn(db, workspace.id, account.user.id)) !== null) redirect('/');
    return (
      <AuthCard title={`Join ${workspace.name}`} lead={`You are signed in as ${account.user.email}. Join as ${article(link.role)}?`}>
        <JoinButton token={token} label={`Join ${workspace.name}`} />
        <p className="auth-card__footer">
          Not you? <SignOutButton className="button button--ghost" label="Sign out" />
        </p>
      </AuthCard>
    );
  }
  return (
    <AuthCard title={`Join ${workspace.name}`} lead={`You are invited as ${article(link.role)}. Create your account to join.`}>
      <SignUpForm by={{ kind: 'invite-link', inviteToken: token }} next="/" submitLabel="Create account and join" />
      <p className="auth-card__footer">
        Have an account? <Link href={`/sign-in?next=${encodeURIComponent(here)}`}>Sign in to join</Link>
      </p>
    </AuthCard>
  );
}
