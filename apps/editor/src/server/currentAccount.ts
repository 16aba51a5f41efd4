import { PALETTE } from '@/identity/identity';
import type { WorkspaceRole } from '@/workspace/roles';
import { installedWorkspace, roleIn } from '@/workspace/workspaces';
import type { AppServer } from './appServer';

/** The signed-in person as the pages and routes see them. */
export interface Account {
  user: { id: string; name: string; email: string; color: string };
  /** The installation's workspace, and their role in it (null: not a member, e.g. removed). */
  workspace: { id: string; name: string } | null;
  role: WorkspaceRole | null;
}

/** The account of the session these request headers carry, or null when signed out. */
export async function accountFor(server: AppServer, headers: Headers): Promise<Account | null> {
  const session = await server.auth.api.getSession({ headers });
  if (session === null) return null;
  const { user } = session;
  const workspace = await installedWorkspace(server.database.db);
  const role = workspace === null ? null : await roleIn(server.database.db, workspace.id, user.id);
  const color = typeof user.color === 'string' && /^#[0-9a-f]{6}$/i.test(user.color) ? user.color : PALETTE[0];
  return {
    user: { id: user.id, name: user.name, email: user.email, color },
    workspace: workspace === null || role === null ? null : { id: workspace.id, name: workspace.name },
    role,
  };
}
