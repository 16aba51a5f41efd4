import type { Kysely } from 'kysely';
import type { AppTables } from '@/db/tables';
import { findInviteLink, inviteLinkProblem } from '@/workspace/inviteLinks';
import { isInvitableRole, type WorkspaceRole } from '@/workspace/roles';
import { installedWorkspace, isInstalled } from '@/workspace/workspaces';

/**
 * How a new account joins: `setup` (the first person on a fresh install: creates the workspace,
 * becomes its owner), `invite-link`, `invitation` (by email), `open` (SIGNUP=open), `sso` (first
 * sign-in through the company's OpenID provider), or `refused` with the reason shown to them.
 */
export type JoinPlan =
  | { kind: 'setup'; workspaceName: string }
  | { kind: 'invite-link'; workspaceId: string; role: WorkspaceRole; linkId: string }
  | { kind: 'invitation'; workspaceId: string; role: WorkspaceRole; invitationId: string }
  | { kind: 'open' | 'sso'; workspaceId: string; role: WorkspaceRole }
  | { kind: 'none' }
  | { kind: 'refused'; reason: string };

export interface JoinRequest {
  /** The better-auth endpoint creating the user (`/sign-up/email`, an OAuth callback), or null for an internal call. */
  path: string | null;
  body: Record<string, unknown>;
  email: string;
  signup: 'invite' | 'open';
  ssoRole: 'member' | 'guest' | null;
  now: number;
}

const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');

export async function planJoin(db: Kysely<AppTables>, request: JoinRequest): Promise<JoinPlan> {
  if (request.path === null) return { kind: 'none' };
  if (!(await isInstalled(db))) {
    const workspaceName = text(request.body.workspaceName);
    if (request.path !== '/sign-up/email' || workspaceName === '') {
      return { kind: 'refused', reason: 'Tandem is not set up yet: open it in the browser to create the workspace first.' };
    }
    if (workspaceName.length > 60) return { kind: 'refused', reason: 'Please keep the workspace name under 60 characters.' };
    return { kind: 'setup', workspaceName };
  }
  const workspace = await installedWorkspace(db);
  if (workspace === null) return { kind: 'refused', reason: 'The workspace of this installation is missing.' };
  if (request.path !== '/sign-up/email') {
    if (request.ssoRole === null) return { kind: 'refused', reason: 'Single sign-on is not configured.' };
    return { kind: 'sso', workspaceId: workspace.id, role: request.ssoRole };
  }
  const inviteToken = text(request.body.inviteToken);
  if (inviteToken !== '') {
    const link = await findInviteLink(db, inviteToken);
    if (link === null) return { kind: 'refused', reason: 'This invitation link is not valid.' };
    const problem = inviteLinkProblem(link, request.now);
    if (problem !== null)
      return { kind: 'refused', reason: `This invitation link ${problem === 'used-up' ? 'has been used up' : `was ${problem}`}.` };
    if (!isInvitableRole(link.role)) return { kind: 'refused', reason: 'This invitation link is not valid.' };
    return { kind: 'invite-link', workspaceId: link.workspace_id, role: link.role, linkId: link.id };
  }
  const invitationId = text(request.body.invitationId);
  if (invitationId !== '') {
    const invitation = await db
      .selectFrom('invitation')
      .select(['id', 'organizationId', 'email', 'role', 'status', 'expiresAt'])
      .where('id', '=', invitationId)
      .executeTakeFirst();
    const valid =
      invitation !== undefined &&
      invitation.status === 'pending' &&
      new Date(invitation.expiresAt).getTime() > request.now &&
      invitation.email.toLowerCase() === request.email.toLowerCase() &&
      isInvitableRole(invitation.role);
    if (!valid) return { kind: 'refused', reason: 'This invitation is not valid for this email address (used, expired or cancelled).' };
    return { kind: 'invitation', workspaceId: invitation.organizationId, role: invitation.role as WorkspaceRole, invitationId };
  }
  if (request.signup === 'open') return { kind: 'open', workspaceId: workspace.id, role: 'member' };
  return { kind: 'refused', reason: 'Joining this workspace needs an invitation: ask an owner or admin for an invitation link.' };
}
