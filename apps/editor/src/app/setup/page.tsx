import { redirect } from 'next/navigation';
import { AuthCard } from '@/account/AuthCard';
import { SignUpForm } from '@/account/SignUpForm';
import { appServer } from '@/server/appServer';
import { isInstalled } from '@/workspace/workspaces';

export const metadata = { title: 'Set up Tandem' };

/** A fresh install: the first person names the workspace and becomes its owner. */
export default async function SetupPage() {
  const server = await appServer();
  if (await isInstalled(server.database.db)) redirect('/sign-in');
  return (
    <AuthCard
      title="Set up Tandem"
      lead="Name your team's workspace and create the first account: you will be its owner, and invite the others."
    >
      <SignUpForm by={{ kind: 'setup' }} next="/" submitLabel="Create workspace" />
    </AuthCard>
  );
}
