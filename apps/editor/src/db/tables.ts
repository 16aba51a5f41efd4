import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

/**
 * The app database's tables as Kysely sees them. better-auth's tables keep its own camelCase
 * columns (it reads and writes them); the app's own tables are snake_case. Times in the app's own
 * tables are epoch milliseconds (SQLite has no date type; PostgreSQL's bigint is read as a number),
 * flags are 0/1 integers in both databases.
 */
type Timestamp = ColumnType<Date, Date | string, Date | string>;

export interface UserTable {
  id: string;
  name: string;
  email: string;
  emailVerified: ColumnType<boolean, boolean | number, boolean | number>;
  image: string | null;
  color: string | null;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

/** How a person signs in: `providerId` 'credential' (a password) or 'oidc' (single sign-on); better-auth's. */
export interface AccountTable {
  id: string;
  accountId: string;
  providerId: string;
  userId: string;
  password: string | null;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export interface OrganizationTable {
  id: string;
  name: string;
  slug: string;
  logo: string | null;
  metadata: string | null;
  createdAt: Timestamp;
}

/** A person's membership of a workspace (better-auth's organization plugin). */
export interface MemberTable {
  id: string;
  organizationId: string;
  userId: string;
  role: string;
  createdAt: Timestamp;
}

export interface InvitationTable {
  id: string;
  organizationId: string;
  email: string;
  role: string | null;
  status: string;
  expiresAt: Timestamp;
  createdAt: Timestamp;
  inviterId: string;
}

/** Which workspace this installation set up first: one row, id 1 (a second setup fails on the key). */
export interface InstallTable {
  id: number;
  workspace_id: string;
  set_up_at: number;
}

/** The app's settings of a workspace. */
export interface WorkspaceSettingsTable {
  workspace_id: string;
  /** Every document of the workspace is named `<doc_prefix>-<random>`: one `docs` claim entry covers them all. */
  doc_prefix: string;
  /** 1: share links work; 0: every share link of the workspace is refused. */
  link_sharing: ColumnType<number, number | undefined, number>;
  /** Documents in the trash longer than this are purged. */
  trash_retention_days: ColumnType<number, number | undefined, number>;
  created_at: number;
}

/** A document of a workspace; `id` is its name on the sync server. */
export interface DocumentTable {
  id: string;
  workspace_id: string;
  created_by: string | null;
  created_at: number;
  /** Last known title (the document's own title lives in its Yjs state); for search and lists. */
  title: ColumnType<string | null, string | null | undefined, string | null>;
  deleted_at: ColumnType<number | null, number | null | undefined, number | null>;
  deleted_by: ColumnType<string | null, string | null | undefined, string | null>;
}

export type ShareRole = 'editor' | 'viewer';

/** A document shared with one person. */
export interface DocumentShareTable {
  doc_id: string;
  user_id: string;
  role: ShareRole;
  shared_by: string | null;
  created_at: number;
}

/** A share link: whoever holds its token gets `role` on the document, until it expires or is revoked. */
export interface ShareLinkTable {
  id: string;
  doc_id: string;
  role: ShareRole;
  /** SHA-256 (hex) of the link's secret token: the database never holds a usable link. */
  token_hash: string;
  created_by: string | null;
  created_at: number;
  expires_at: number | null;
  revoked_at: ColumnType<number | null, number | null | undefined, number | null>;
  revoked_by: ColumnType<string | null, string | null | undefined, string | null>;
}

/** A signed-in person who opened a share link (so the document is theirs to list while the link is valid). */
export interface ShareLinkVisitTable {
  link_id: string;
  user_id: string;
  first_visit_at: number;
  last_visit_at: number;
}

/** An invitation by link: whoever opens it (and signs up or in) joins the workspace with `role`. */
export interface InviteLinkTable {
  id: string;
  workspace_id: string;
  role: string;
  token_hash: string;
  created_by: string | null;
  created_at: number;
  expires_at: number | null;
  revoked_at: ColumnType<number | null, number | null | undefined, number | null>;
  uses: ColumnType<number, number | undefined, number>;
  max_uses: number | null;
}

/** A sync-server token the app issued and that may still be alive, so a change of rights can revoke it. */
export interface IssuedTokenTable {
  jti: string;
  user_id: string;
  expires_at: number;
}

/** A revocation the sync server did not take yet (it was unreachable): sent again until it does. */
export interface PendingRevocationTable {
  id: Generated<number>;
  body: string;
  created_at: number;
  attempts: ColumnType<number, number | undefined, number>;
  last_error: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface AppTables {
  user: UserTable;
  account: AccountTable;
  organization: OrganizationTable;
  member: MemberTable;
  invitation: InvitationTable;
  install: InstallTable;
  workspace_settings: WorkspaceSettingsTable;
  document: DocumentTable;
  document_share: DocumentShareTable;
  share_link: ShareLinkTable;
  share_link_visit: ShareLinkVisitTable;
  invite_link: InviteLinkTable;
  issued_token: IssuedTokenTable;
  pending_revocation: PendingRevocationTable;
}

export type DocumentRow = Selectable<DocumentTable>;
export type NewDocument = Insertable<DocumentTable>;
export type DocumentShareRow = Selectable<DocumentShareTable>;
export type ShareLinkRow = Selectable<ShareLinkTable>;
export type InviteLinkRow = Selectable<InviteLinkTable>;
export type WorkspaceSettingsRow = Selectable<WorkspaceSettingsTable>;
