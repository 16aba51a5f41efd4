import '@/account/account.css';
import { InvitePanel } from '@/members/InvitePanel';
import { MembersPanel } from '@/members/MembersPanel';
import { requireAccount } from '@/server/pageAccount';
import { WorkspaceDocumentSettings } from '@/sharing/WorkspaceDocumentSettings';
import { AppHeader } from '@/shell/AppHeader';
import { listInviteLinks } from '@/workspace/inviteLinks';
import { managesMembers, seesWholeWorkspace } from '@/workspace/roles';
import { getWorkspace, listMembers } from '@/workspace/workspaces';

export const metadata = { title: 'Workspace · Tandem' };

/** The workspace's people and invitations (guests see only that they are guests). */
export default async function WorkspacePage() {
  const { server, account } = await requireAccount('/workspace');
  const { db } = server.database;
  const workspace = account.workspace;
  if (workspace === null || account.role === null) {
    return (
      <>
        <AppHeader />
        <main className="settings">
          <h1 className="settings__title">No workspace</h1>
          <p className="settings__hint">
            You are not a member of this installation's workspace (any more). Ask an owner or admin for an invitation.
          </p>
        </main>
      </>
    );
  }
  const manages = managesMembers(account.role);
  const members = seesWholeWorkspace(account.role) ? await listMembers(db, workspace.id) : [];
  const now = Date.now();
  const invitations = manages
    ? (await db.selectFrom('invitation').selectAll().where('organizationId', '=', workspace.id).where('status', '=', 'pending').execute())
        .filter((invitation) => new Date(invitation.expiresAt).getTime() > now)
        .map((invitation) => ({
          id: invitation.id,
          email: invitation.email,
          role: invitation.role ?? 'member',
          expiresAt: new Date(invitation.expiresAt).getTime(),
        }))
    : [];
  const links = manages
    ? (await listInviteLinks(db, workspace.id, now)).map((link) => ({
        id: link.id,
        role: link.role,
        expiresAt: link.expires_at,
        uses: link.uses,
        maxUses: link.max_uses,
      }))
    : [];
  const settings = manages ? await getWorkspace(db, workspace.id) : null;
  return (
    <>
      <AppHeader />
      <main className="settings" data-testid="workspace-page">
        <h1 className="settings__title">{workspace.name}</h1>
        {manages && (
          <section className="settings__section">
            <h2>Invite people</h2>
            <p className="settings__hint">
              Members open every document of the workspace; guests only those shared with them; admins also manage people.
              {server.mailer.via === 'log' && ' No mail server is configured: invitation mails are printed to the server log.'}
            </p>
            <InvitePanel workspaceId={workspace.id} myRole={account.role} invitations={invitations} links={links} />
          </section>
        )}
        {settings !== null && (
          <section className="settings__section">
            <h2>Documents</h2>
            <WorkspaceDocumentSettings linkSharing={settings.linkSharing} trashRetentionDays={settings.trashRetentionDays} />
          </section>
        )}
        <section className="settings__section">
          <h2>People</h2>
          {seesWholeWorkspace(account.role) ? (
            <MembersPanel
              workspaceId={workspace.id}
              me={{ userId: account.user.id, role: account.role }}
              members={members.map(({ joinedAt: _joinedAt, ...member }) => member)}
            />
          ) : (
            <p className="settings__hint">You are a guest: you see the documents shared with you.</p>
          )}
        </section>
      </main>
    </>
  );
}
