import { createAccessControl } from 'better-auth/plugins/access';
import { adminAc, defaultStatements, memberAc, ownerAc } from 'better-auth/plugins/organization/access';

/**
 * A workspace's roles. owner: everything, and only an owner can remove or demote an owner; admin:
 * members, roles, invitations, workspace settings; member: every document of the workspace;
 * guest: only the documents shared with them.
 */
export const WORKSPACE_ROLES = ['owner', 'admin', 'member', 'guest'] as const;
export type WorkspaceRole = (typeof WORKSPACE_ROLES)[number];

/** Roles an invitation can give (ownership is handed over, not invited). */
export const INVITABLE_ROLES = ['admin', 'member', 'guest'] as const;
export type InvitableRole = (typeof INVITABLE_ROLES)[number];

export function isWorkspaceRole(value: unknown): value is WorkspaceRole {
  return typeof value === 'string' && (WORKSPACE_ROLES as readonly string[]).includes(value);
}

export function isInvitableRole(value: unknown): value is InvitableRole {
  return typeof value === 'string' && (INVITABLE_ROLES as readonly string[]).includes(value);
}

/** Whether the role opens every document of the workspace (guests see only what is shared with them). */
export function seesWholeWorkspace(role: WorkspaceRole): boolean {
  return role !== 'guest';
}

/** Whether the role manages people (invite, change roles, remove). */
export function managesMembers(role: WorkspaceRole): boolean {
  return role === 'owner' || role === 'admin';
}

/** better-auth's access control: its statements, with guest holding none of them. */
export const accessControl = createAccessControl(defaultStatements);
export const accessRoles = {
  owner: accessControl.newRole(ownerAc.statements),
  admin: accessControl.newRole(adminAc.statements),
  member: accessControl.newRole(memberAc.statements),
  guest: accessControl.newRole({ organization: [], member: [], invitation: [], team: [], ac: [] }),
};

/** A membership's role as stored (better-auth may store several, comma-separated): the strongest. */
export function strongestRole(stored: string): WorkspaceRole | null {
  const roles = stored.split(',').map((role) => role.trim());
  return WORKSPACE_ROLES.find((role) => roles.includes(role)) ?? null;
}
