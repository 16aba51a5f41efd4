import Link from 'next/link';
import { redirect } from 'next/navigation';
import { AuthCard } from '@/account/AuthCard';
import { JoinButton } from '@/account/JoinButton';
import { SignInForm } from '@/account/SignInForm';
import { SignOutButton } from '@/account/SignOutButton';
import { SignUpForm } from '@/account/SignUpForm';
import { pageAccount } from '@/server/pageAccount';
import { getWorkspace, roleIn } from '@/workspace/workspaces';

export const metadata = { title: 'Invitation · Tandem' };

/** An invitation by email (the mailed link): for that email address only. */
export default async function EmailInvitationPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { server, account } = await pageAccount();
  const { db } = server.database;
  const invitation = await db.selectFrom('invitation').selectAll().where('id', '=', id).executeTakeFirst();
  const workspace = invitation === undefined ? null : await getWorkspace(db, invitation.organizationId);
  const valid = invitation !== undefined && invitation.status === 'pending' && new Date(invitation.expiresAt).getTime() > Date.now();
  if (invitation === undefined || workspace === null || !valid) {
    return (
      <AuthCard title="This invitation does not work" lead="It was used, cancelled or has expired. Ask for a new one.">
        <p className="auth-card__footer" data-testid="invite-invalid">
          <Link href="/sign-in">Sign in</Link>
        </p>
      </AuthCard>
    );
  }
  const here = `/invitation/${encodeURIComponent(id)}`;
  const inviter = await db.selectFrom('user').select('name').where('id', '=', invitation.inviterId).executeTakeFirst();
  const lead = `${inviter?.name ?? 'Someone'} invited ${invitation.email} as ${invitation.role ?? 'member'}.`;
  if (account !== null) {
    if ((await roleIn(db, workspace.id, account.user.id)) !== null) redirect('/');
    if (account.user.email.toLowerCase() !== invitation.email.toLowerCase()) {
      return (
        <AuthCard title={`Join ${workspace.name}`} lead={`${lead} You are signed in as ${account.user.email}.`}>
          <SignOutButton className="button button--primary button--large" label={`Sign out to continue as ${invitation.email}`} />
        </AuthCard>
      );
    }
    return (
      <AuthCard title={`Join ${workspace.name}`} lead={lead}>
        <JoinButton invitationId={id} label={`Join ${workspace.name}`} />
      </AuthCard>
    );
  }
  const existing = await db.selectFrom('user').select('id').where('email', '=', invitation.email.toLowerCase()).executeTakeFirst();
  if (existing !== undefined) {
    return (
      <AuthCard title={`Join ${workspace.name}`} lead={`${lead} Sign in to accept.`}>
        <SignInForm next={here} sso={server.config.oidc?.name ?? null} email={invitation.email} />
      </AuthCard>
    );
  }
  return (
    <AuthCard title={`Join ${workspace.name}`} lead={`${lead} Create your account to join.`}>
      <SignUpForm by={{ kind: 'invitation', invitationId: id, email: invitation.email }} next="/" submitLabel="Create account and join" />
    </AuthCard>
  );
}
