import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '@/db/migrate';
import { type AppDatabase, openDatabase } from '@/db/openDatabase';
import { postgresAvailable, postgresTestDatabase, sqliteTestDatabase, type TestDatabase } from '@/db/testDatabases';
import {
  createDocument,
  listWorkspaceDocuments,
  moveToTrash,
  newWorkspaceDocId,
  purgeTrash,
  restoreFromTrash,
  setDocumentTitle,
} from './documents';
import { createInviteLink, findInviteLink, inviteLinkProblem, spendInviteLink } from './inviteLinks';
import { liveTokensOf, pruneIssuedTokens, recordIssuedToken } from './issuedTokens';
import { rightsOf } from './rights';
import { createShareLink, linkAccessOf, recordShareLinkVisit, resolveShareLink, revokeShareLink } from './shareLinks';
import { listDocumentShares, shareDocument, sharesOf, unshareDocument } from './shares';
import {
  installedWorkspace,
  isInstalled,
  listMembers,
  membershipsOf,
  recordInstall,
  setLinkSharing,
  workspaceOfDocName,
} from './workspaces';

const withPostgres = await postgresAvailable('the app database tests on PostgreSQL');
const now = 1_750_000_000_000;

/** Users and a workspace as better-auth would write them. */
async function seed(database: AppDatabase) {
  const { db } = database;
  const at = new Date(now).toISOString();
  const users = ['owner', 'member', 'guest', 'outsider'].map((id) => ({
    id,
    name: `${id[0]?.toUpperCase()}${id.slice(1)}`,
    email: `${id}@example.test`,
    emailVerified: false,
    image: null,
    color: '#2563eb',
    createdAt: at,
    updatedAt: at,
  }));
  await db
    .insertInto('user')
    .values(users.map((user) => ({ ...user, emailVerified: database.kind === 'sqlite' ? 0 : false })))
    .execute();
  await db
    .insertInto('organization')
    .values({ id: 'ws1', name: 'Team', slug: 'team', logo: null, metadata: null, createdAt: at })
    .execute();
  await db
    .insertInto('member')
    .values([
      { id: 'm1', organizationId: 'ws1', userId: 'owner', role: 'owner', createdAt: at },
      { id: 'm2', organizationId: 'ws1', userId: 'member', role: 'member', createdAt: at },
      { id: 'm3', organizationId: 'ws1', userId: 'guest', role: 'guest', createdAt: at },
    ])
    .execute();
}

describe.each([
  ['SQLite', sqliteTestDatabase, true],
  ['PostgreSQL', postgresTestDatabase, withPostgres],
] as const)('the app database on %s', (_name, create, available) => {
  let target: TestDatabase;
  let database: AppDatabase;

  beforeAll(async () => {
    if (!available) return;
    target = await create();
    database = await openDatabase(target.config);
  });
  afterAll(async () => {
    await database?.close();
    await target?.drop();
  });

  it.skipIf(!available)('migrates once, then has nothing left to do', async () => {
    expect(await migrateToLatest(database)).toEqual(['0001_accounts', '0002_workspaces']);
    expect(await migrateToLatest(database)).toEqual([]);
    await seed(database);
    if (database.schema !== null) {
      // On PostgreSQL every table is in the app's own schema, nothing in public.
      const { rows } = await sql<{ table_schema: string }>`
        select distinct table_schema from information_schema.tables where table_name in ('user', 'document', 'app_migration')
      `.execute(database.unscoped);
      expect(rows.map((row) => row.table_schema)).toEqual([database.schema]);
    }
  });

  it.skipIf(!available)('records the installation once, with a document prefix for the workspace', async () => {
    expect(await isInstalled(database.db)).toBe(false);
    expect(await recordInstall(database.db, 'ws1', now)).toBe(true);
    expect(await recordInstall(database.db, 'ws1', now)).toBe(false);
    const workspace = await installedWorkspace(database.db);
    expect(workspace).toMatchObject({ id: 'ws1', name: 'Team', linkSharing: true, trashRetentionDays: 30 });
    expect(workspace?.docPrefix).toMatch(/^[a-z0-9]{6}$/);
    expect(await membershipsOf(database.db, 'guest')).toEqual([{ workspaceId: 'ws1', role: 'guest', docPrefix: workspace?.docPrefix }]);
    expect((await listMembers(database.db, 'ws1')).map((m) => [m.name, m.role])).toEqual([
      ['Owner', 'owner'],
      ['Member', 'member'],
      ['Guest', 'guest'],
    ]);
  });

  it.skipIf(!available)('keeps documents per workspace: search by title, mine, trash, restore, purge', async () => {
    const workspace = await installedWorkspace(database.db);
    if (workspace === null) throw new Error('not installed');
    const plan = await createDocument(database.db, {
      id: newWorkspaceDocId(workspace.docPrefix),
      workspaceId: 'ws1',
      createdBy: 'owner',
      title: 'Q3 Plan',
      now,
    });
    const notes = await createDocument(database.db, {
      id: newWorkspaceDocId(workspace.docPrefix),
      workspaceId: 'ws1',
      createdBy: 'member',
      now: now + 1,
    });
    await setDocumentTitle(database.db, notes.id, 'Meeting notes 50%');
    expect((await workspaceOfDocName(database.db, plan.id))?.id).toBe('ws1');
    expect(await workspaceOfDocName(database.db, 'zzzzzz-nothing')).toBeNull();
    expect((await listWorkspaceDocuments(database.db, 'ws1')).map((d) => d.id)).toEqual([notes.id, plan.id]);
    expect((await listWorkspaceDocuments(database.db, 'ws1', { titleContains: 'plan' })).map((d) => d.id)).toEqual([plan.id]);
    // LIKE's wildcards in the search are taken literally.
    expect((await listWorkspaceDocuments(database.db, 'ws1', { titleContains: '50%' })).map((d) => d.id)).toEqual([notes.id]);
    expect((await listWorkspaceDocuments(database.db, 'ws1', { titleContains: '%' })).map((d) => d.id)).toEqual([notes.id]);
    expect((await listWorkspaceDocuments(database.db, 'ws1', { createdBy: 'member' })).map((d) => d.id)).toEqual([notes.id]);

    expect(await moveToTrash(database.db, plan.id, 'owner', now + 10)).toBe(true);
    expect(await moveToTrash(database.db, plan.id, 'owner', now + 11)).toBe(false);
    expect((await listWorkspaceDocuments(database.db, 'ws1')).map((d) => d.id)).toEqual([notes.id]);
    expect((await listWorkspaceDocuments(database.db, 'ws1', { state: 'trash' })).map((d) => [d.id, d.deleted_by])).toEqual([
      [plan.id, 'owner'],
    ]);
    expect(await restoreFromTrash(database.db, plan.id)).toBe(true);
    expect(await restoreFromTrash(database.db, plan.id)).toBe(false);
    await moveToTrash(database.db, notes.id, 'member', now + 20);
    expect(await purgeTrash(database.db, 'ws1', now + 20)).toEqual([]);
    expect(await purgeTrash(database.db, 'ws1', now + 21)).toEqual([notes.id]);
    expect((await listWorkspaceDocuments(database.db, 'ws1', { state: 'all' })).map((d) => d.id)).toEqual([plan.id]);
  });

  it.skipIf(!available)('gives rights: members the whole workspace by prefix, guests what is shared, links while they work', async () => {
    const workspace = await installedWorkspace(database.db);
    if (workspace === null) throw new Error('not installed');
    const [doc] = await listWorkspaceDocuments(database.db, 'ws1');
    if (doc === undefined) throw new Error('no document');
    const other = await createDocument(database.db, {
      id: newWorkspaceDocId(workspace.docPrefix),
      workspaceId: 'ws1',
      createdBy: 'owner',
      now,
    });

    expect((await rightsOf(database.db, 'member', now)).docs).toEqual({ [`${workspace.docPrefix}-*`]: 'write' });
    expect((await rightsOf(database.db, 'guest', now)).docs).toEqual({});
    expect((await rightsOf(database.db, 'outsider', now)).docs).toEqual({});

    await shareDocument(database.db, { docId: doc.id, userId: 'guest', role: 'viewer', sharedBy: 'owner', now });
    await shareDocument(database.db, { docId: doc.id, userId: 'member', role: 'viewer', sharedBy: 'owner', now });
    expect((await rightsOf(database.db, 'guest', now)).docs).toEqual({ [doc.id]: 'read' });
    // A share never narrows a member's whole workspace (an exact name would beat the prefix).
    expect((await rightsOf(database.db, 'member', now)).docs).toEqual({ [`${workspace.docPrefix}-*`]: 'write' });
    await shareDocument(database.db, { docId: doc.id, userId: 'guest', role: 'editor', sharedBy: 'owner', now });
    expect((await listDocumentShares(database.db, doc.id)).map((s) => [s.name, s.role])).toEqual([
      ['Guest', 'editor'],
      ['Member', 'viewer'],
    ]);
    expect((await rightsOf(database.db, 'guest', now)).docs).toEqual({ [doc.id]: 'write' });
    expect(await unshareDocument(database.db, doc.id, 'member')).toBe(true);
    expect(await sharesOf(database.db, 'guest')).toEqual([{ docId: doc.id, role: 'editor', workspaceId: 'ws1' }]);

    // A view link opened by the outsider: theirs while it works; expiry, revocation and the workspace switch each end it.
    const { link, token } = await createShareLink(database.db, {
      docId: other.id,
      role: 'viewer',
      createdBy: 'owner',
      expiresAt: now + 1000,
      now,
    });
    expect(link.token_hash).not.toContain(token);
    expect((await resolveShareLink(database.db, token, now))?.problem).toBeNull();
    expect(await resolveShareLink(database.db, `${token}x`, now)).toBeNull();
    expect(await recordShareLinkVisit(database.db, link.id, 'outsider', now)).toEqual({ first: true });
    expect(await recordShareLinkVisit(database.db, link.id, 'outsider', now + 1)).toEqual({ first: false });
    expect((await rightsOf(database.db, 'outsider', now)).docs).toEqual({ [other.id]: 'read' });
    expect((await resolveShareLink(database.db, token, now + 1000))?.problem).toBe('expired');
    expect((await rightsOf(database.db, 'outsider', now + 1000)).docs).toEqual({});
    await setLinkSharing(database.db, 'ws1', false);
    expect((await resolveShareLink(database.db, token, now))?.problem).toBe('sharing-off');
    expect(await linkAccessOf(database.db, 'outsider', now)).toEqual([]);
    await setLinkSharing(database.db, 'ws1', true);
    expect(await revokeShareLink(database.db, link.id, 'owner', now)).toBe(true);
    expect(await revokeShareLink(database.db, link.id, 'owner', now)).toBe(false);
    expect((await resolveShareLink(database.db, token, now))?.problem).toBe('revoked');
    expect((await rightsOf(database.db, 'outsider', now)).docs).toEqual({});
    // A document in the trash opens through no link.
    const edit = await createShareLink(database.db, { docId: other.id, role: 'editor', createdBy: 'owner', expiresAt: null, now });
    await moveToTrash(database.db, other.id, 'owner', now);
    expect((await resolveShareLink(database.db, edit.token, now))?.problem).toBe('document-deleted');
  });

  it.skipIf(!available)('counts invitation links and remembers issued tokens until they expire', async () => {
    const { link, token } = await createInviteLink(database.db, {
      workspaceId: 'ws1',
      role: 'guest',
      createdBy: 'owner',
      expiresAt: null,
      maxUses: 2,
      now,
    });
    expect((await findInviteLink(database.db, token))?.id).toBe(link.id);
    expect(await spendInviteLink(database.db, link.id)).toBe(true);
    expect(await spendInviteLink(database.db, link.id)).toBe(true);
    expect(await spendInviteLink(database.db, link.id)).toBe(false);
    const used = await findInviteLink(database.db, token);
    expect(used && inviteLinkProblem(used, now)).toBe('used-up');

    await recordIssuedToken(database.db, { jti: 'a', userId: 'member', expiresAt: now + 600_000 });
    await recordIssuedToken(database.db, { jti: 'b', userId: 'member', expiresAt: now + 10 });
    expect((await liveTokensOf(database.db, 'member', now)).sort()).toEqual(['a', 'b']);
    expect(await liveTokensOf(database.db, 'member', now + 10)).toEqual(['a']);
    expect(await pruneIssuedTokens(database.db, now + 10)).toBe(1);
  });
});
