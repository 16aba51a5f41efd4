import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '@/db/migrate';
import { type AppDatabase, openDatabase } from '@/db/openDatabase';
import { postgresAvailable, postgresTestDatabase, sqliteTestDatabase, type TestDatabase } from '@/db/testDatabases';
import { adoptServerDeletions, purgeDocument, purgeExpiredTrash, restoreDocument, TrashError, trashDocument } from '@/server/documentTrash';
import type { SyncActor, SyncDocuments } from '@/server/syncDocuments';
import { documentAccess } from './documentAccess';
import { documentsOf, trashOf } from './documentList';
import { createDocument } from './documents';
import { createShareLink, recordShareLinkVisit, revokeShareLink } from './shareLinks';
import { shareDocument } from './shares';
import { findPerson, sharingOf } from './sharingOf';
import { recordInstall, setLinkSharing, setTrashRetention } from './workspaces';

const withPostgres = await postgresAvailable('the documents and sharing tests on PostgreSQL');
const now = 1_750_000_000_000;
const DAY = 86_400_000;

/** A workspace `ws1` (prefix `team`) with an owner, an admin, a member, a guest, and someone outside it. */
async function seed(database: AppDatabase) {
  const { db } = database;
  const at = new Date(now).toISOString();
  const people = ['owner', 'admin', 'member', 'guest', 'outsider'];
  await db
    .insertInto('user')
    .values(
      people.map((id) => ({
        id,
        name: `${id[0]?.toUpperCase()}${id.slice(1)}`,
        email: `${id}@example.test`,
        emailVerified: database.kind === 'sqlite' ? 0 : false,
        image: null,
        color: '#2563eb',
        createdAt: at,
        updatedAt: at,
      })),
    )
    .execute();
  await db
    .insertInto('organization')
    .values({ id: 'ws1', name: 'Team', slug: 'team', logo: null, metadata: null, createdAt: at })
    .execute();
  await db
    .insertInto('member')
    .values(
      ['owner', 'admin', 'member', 'guest'].map((role, i) => ({ id: `m${i}`, organizationId: 'ws1', userId: role, role, createdAt: at })),
    )
    .execute();
  await recordInstall(db, 'ws1', now);
  // The prefix is random; documents here are named under it.
  const { doc_prefix } = await db.selectFrom('workspace_settings').select('doc_prefix').executeTakeFirstOrThrow();
  return doc_prefix;
}

/**
 * The sync server's soft delete as the app drives it, in memory: what the app asked for, and which
 * documents it holds (live, or in its trash). The sync server's own behaviour is tested against
 * the real one in tests/documents-api and tests/browser/workspaceDocuments.test.ts.
 */
function syncServerRecord(stored: string[]) {
  const live = new Set(stored);
  const trash = new Set<string>();
  const calls: string[] = [];
  let refuse = false;
  const sync: SyncDocuments = {
    configured: true,
    async trash(docId, actor: SyncActor) {
      calls.push(`trash ${docId} by ${actor.id}`);
      if (refuse) throw new Error('the sync server is away');
      const stored = live.delete(docId);
      if (stored) trash.add(docId);
      return { stored };
    },
    async restore(docId) {
      calls.push(`restore ${docId}`);
      const restored = trash.delete(docId);
      if (restored) live.add(docId);
      return { restored };
    },
    async purge(docId) {
      calls.push(`purge ${docId}`);
      if (refuse) throw new Error('the sync server is away');
      return trash.delete(docId) ? 1 : 0;
    },
    async duplicate() {
      return { copied: true };
    },
    async trashed(docs) {
      const prefixes = docs.map((pattern) => pattern.replace(/\*$/, ''));
      const entries = [...trash].filter((name) => prefixes.some((prefix) => name.startsWith(prefix)));
      return new Map(entries.map((name) => [name, { name, title: null, deletedAt: now + 5, deletedBy: 'owner', purgeAt: now + DAY }]));
    },
    async exists(docId) {
      return live.has(docId);
    },
  };
  return { sync, live, trash, calls, refuseFromNowOn: (value: boolean) => (refuse = value) };
}

describe.each([
  ['SQLite', sqliteTestDatabase, true],
  ['PostgreSQL', postgresTestDatabase, withPostgres],
] as const)('documents and sharing on %s', (_name, create, available) => {
  let target: TestDatabase;
  let database: AppDatabase;
  let prefix = '';
  const doc = (name: string) => `${prefix}-${name}`;

  beforeAll(async () => {
    if (!available) return;
    target = await create();
    database = await openDatabase(target.config);
    await migrateToLatest(database);
    prefix = await seed(database);
    const { db } = database;
    await createDocument(db, { id: doc('plan'), workspaceId: 'ws1', createdBy: 'member', title: 'Plan', now });
    await createDocument(db, { id: doc('budget'), workspaceId: 'ws1', createdBy: 'owner', title: 'Budget', now: now + 1 });
    await createDocument(db, { id: doc('secret'), workspaceId: 'ws1', createdBy: 'owner', title: 'Secret', now: now + 2 });
  });
  afterAll(async () => {
    await database?.close();
    await target?.drop();
  });

  it.skipIf(!available)(
    'gives the workspace’s people every document, a guest only what was shared with them, as the token would',
    async () => {
      const { db } = database;
      await shareDocument(db, { docId: doc('plan'), userId: 'guest', role: 'viewer', sharedBy: 'member', now });
      await shareDocument(db, { docId: doc('budget'), userId: 'member', role: 'editor', sharedBy: 'owner', now });

      const forMember = await documentsOf(db, 'member', now);
      expect(forMember.map((d) => d.id)).toEqual([doc('secret'), doc('budget'), doc('plan')]);
      expect(forMember.find((d) => d.id === doc('plan'))).toMatchObject({
        mine: true,
        canDelete: true,
        access: 'edit',
        sharedWithMe: null,
      });
      // Shared with a member who sees it anyway: it is in their "shared with me", still editable, not theirs to delete.
      expect(forMember.find((d) => d.id === doc('budget'))).toMatchObject({
        mine: false,
        canDelete: false,
        createdBy: { id: 'owner', name: 'Owner' },
        sharedWithMe: { by: 'Owner', via: 'person' },
      });
      expect((await documentsOf(db, 'admin', now)).every((d) => d.canDelete)).toBe(true);
      const forGuest = await documentsOf(db, 'guest', now);
      expect(forGuest).toEqual([
        expect.objectContaining({
          id: doc('plan'),
          access: 'view',
          canDelete: false,
          sharedWithMe: expect.objectContaining({ by: 'Member' }),
        }),
      ]);
      expect(await documentsOf(db, 'outsider', now)).toEqual([]);

      expect(await documentAccess(db, 'guest', doc('plan'), now)).toMatchObject({
        access: 'read',
        via: 'share',
        canShare: false,
        canDelete: false,
      });
      expect(await documentAccess(db, 'guest', doc('secret'), now)).toMatchObject({ access: null, canShare: false });
      expect(await documentAccess(db, 'member', doc('secret'), now)).toMatchObject({
        access: 'write',
        via: 'workspace',
        canShare: true,
        canDelete: false,
      });
      expect(await documentAccess(db, 'admin', doc('secret'), now)).toMatchObject({ canDelete: true });
      expect(await documentAccess(db, 'outsider', doc('plan'), now)).toMatchObject({ access: null });
      // A document of the workspace the app has no record of (made through the sync server's API): by its name's prefix.
      expect(await documentAccess(db, 'member', doc('from-api'), now)).toMatchObject({
        doc: null,
        access: 'write',
        workspace: { id: 'ws1' },
      });
    },
  );

  it.skipIf(!available)('a link opened gives its role while it works: not once revoked, expired, or with link sharing off', async () => {
    const { db } = database;
    const { link } = await createShareLink(db, { docId: doc('secret'), role: 'editor', createdBy: 'owner', expiresAt: now + DAY, now });
    await recordShareLinkVisit(db, link.id, 'guest', now);
    expect(await documentAccess(db, 'guest', doc('secret'), now)).toMatchObject({ access: 'write', via: 'link' });
    expect((await documentsOf(db, 'guest', now)).find((d) => d.id === doc('secret'))).toMatchObject({
      access: 'edit',
      sharedWithMe: { by: 'Owner', via: 'link', at: now },
    });
    expect((await documentAccess(db, 'guest', doc('secret'), now + DAY)).access).toBeNull();
    await setLinkSharing(db, 'ws1', false);
    expect((await documentAccess(db, 'guest', doc('secret'), now)).access).toBeNull();
    await setLinkSharing(db, 'ws1', true);
    expect((await documentAccess(db, 'guest', doc('secret'), now)).access).toBe('write');

    const sharing = await sharingOf(db, await documentAccess(db, 'owner', doc('secret'), now), now);
    expect(sharing.links).toEqual([
      expect.objectContaining({ id: link.id, role: 'editor', state: 'active', visitors: 1, createdBy: 'Owner' }),
    ]);
    expect(sharing.createdBy).toBe('Owner');
    await revokeShareLink(db, link.id, 'owner', now);
    expect((await documentAccess(db, 'guest', doc('secret'), now)).access).toBeNull();
    expect((await sharingOf(db, await documentAccess(db, 'owner', doc('secret'), now), now)).links[0]?.state).toBe('revoked');
  });

  it.skipIf(!available)('finds the person to share with by email or by name, in any case; two of a name must be told apart', async () => {
    const { db } = database;
    const sharing = await sharingOf(db, await documentAccess(db, 'member', doc('plan'), now), now);
    expect(sharing.people).toEqual([
      expect.objectContaining({ userId: 'guest', role: 'viewer', workspaceRole: 'guest', sharedBy: 'Member', email: 'guest@example.test' }),
    ]);
    expect(sharing.candidates.map((c) => c.userId).sort()).toEqual(['admin', 'guest', 'member', 'owner']);
    expect(findPerson(sharing.candidates, ' GUEST@example.test ')).toMatchObject({ found: { userId: 'guest' } });
    expect(findPerson(sharing.candidates, 'admin')).toMatchObject({ found: { userId: 'admin' } });
    expect(findPerson(sharing.candidates, 'outsider@example.test')).toEqual({ problem: 'nobody' });
    const twins = [...sharing.candidates, { userId: 'x', name: 'Admin', email: 'other@example.test', role: 'guest' as const }];
    expect(findPerson(twins, 'Admin')).toEqual({ problem: 'ambiguous' });
    expect(findPerson(twins, 'other@example.test')).toMatchObject({ found: { userId: 'x' } });
  });

  it.skipIf(!available)('trash, restore and purge follow the sync server: one soft delete, undone when it refuses', async () => {
    const { db } = database;
    const server = syncServerRecord([doc('plan'), doc('budget')]);
    const member: SyncActor = { id: 'member', name: 'Member' };
    await trashDocument(db, server.sync, await documentAccess(db, 'member', doc('plan'), now), member, now);
    expect([...server.trash]).toEqual([doc('plan')]);
    expect((await documentsOf(db, 'member', now)).map((d) => d.id)).not.toContain(doc('plan'));
    // In the trash a share gives nothing, and the token route's rights leave it out.
    expect((await documentsOf(db, 'guest', now)).map((d) => d.id)).not.toContain(doc('plan'));
    expect(await trashOf(db, 'member')).toEqual([
      expect.objectContaining({ id: doc('plan'), title: 'Plan', deletedAt: now, deletedBy: 'Member', purgeAt: now + 30 * DAY }),
    ]);
    // Members see what they created in the trash; owners and admins all of it; guests nothing.
    expect((await trashOf(db, 'admin')).map((d) => d.id)).toEqual([doc('plan')]);
    expect(await trashOf(db, 'guest')).toEqual([]);
    await expect(trashDocument(db, server.sync, await documentAccess(db, 'member', doc('plan'), now), member, now)).rejects.toThrow(
      TrashError,
    );

    expect(await restoreDocument(db, server.sync, await documentAccess(db, 'member', doc('plan'), now), member)).toEqual({ content: true });
    expect([...server.live]).toContain(doc('plan'));
    expect((await documentsOf(db, 'guest', now)).map((d) => d.id)).toContain(doc('plan'));

    // The sync server refuses: the app's mark is taken back, nothing changed.
    server.refuseFromNowOn(true);
    await expect(trashDocument(db, server.sync, await documentAccess(db, 'owner', doc('budget'), now), member, now)).rejects.toThrow(
      /away/,
    );
    expect((await documentAccess(db, 'owner', doc('budget'), now)).inTrash).toBe(false);
    server.refuseFromNowOn(false);

    // Never edited (the sync server holds nothing of it): trashed and restored all the same, empty.
    await trashDocument(db, server.sync, await documentAccess(db, 'owner', doc('secret'), now), member, now);
    expect(await restoreDocument(db, server.sync, await documentAccess(db, 'owner', doc('secret'), now), member)).toEqual({
      content: false,
    });

    // Purged at once, or after the workspace's retention; a purge the sync server refuses waits for the next run.
    await trashDocument(db, server.sync, await documentAccess(db, 'owner', doc('budget'), now), member, now);
    await expect(purgeDocument(db, server.sync, await documentAccess(db, 'owner', doc('secret'), now), member)).rejects.toThrow(
      /trash first/,
    );
    await trashDocument(db, server.sync, await documentAccess(db, 'owner', doc('plan'), now), member, now + 2 * DAY);
    await setTrashRetention(db, 'ws1', 2);
    const errors: string[] = [];
    const log = { error: (line: string) => errors.push(line) };
    expect(await purgeExpiredTrash(db, server.sync, now + 2 * DAY - 1, log)).toEqual([]);
    server.refuseFromNowOn(true);
    expect(await purgeExpiredTrash(db, server.sync, now + 2 * DAY, log)).toEqual([]);
    expect(errors).toEqual([expect.stringMatching(new RegExp(`purging ${doc('budget')} .*away`))]);
    server.refuseFromNowOn(false);
    expect(await purgeExpiredTrash(db, server.sync, now + 2 * DAY, log)).toEqual([doc('budget')]);
    expect(server.trash.has(doc('budget'))).toBe(false);
    expect((await trashOf(db, 'owner')).map((d) => d.id)).toEqual([doc('plan')]);
    await purgeDocument(db, server.sync, await documentAccess(db, 'owner', doc('plan'), now), member);
    expect(await trashOf(db, 'owner')).toEqual([]);
    // Its shares went with it.
    expect(await db.selectFrom('document_share').select('doc_id').where('doc_id', '=', doc('plan')).execute()).toEqual([]);
    await setTrashRetention(db, 'ws1', 30);
  });

  it.skipIf(!available)('follows a deletion made directly on the sync server, unless the name was opened again there', async () => {
    const { db } = database;
    await createDocument(db, { id: doc('by-api'), workspaceId: 'ws1', createdBy: 'member', title: 'Deleted by a script', now });
    await createDocument(db, { id: doc('again'), workspaceId: 'ws1', createdBy: 'member', title: 'Opened again', now });
    const server = syncServerRecord([doc('again')]);
    server.trash.add(doc('by-api'));
    server.trash.add(doc('again'));
    expect(await adoptServerDeletions(db, server.sync, now + 10)).toEqual([doc('by-api')]);
    expect(await trashOf(db, 'owner')).toEqual([expect.objectContaining({ id: doc('by-api'), deletedAt: now + 5, deletedBy: 'Owner' })]);
    expect((await documentsOf(db, 'member', now)).map((d) => d.id)).toContain(doc('again'));
    expect(await adoptServerDeletions(db, server.sync, now + 10)).toEqual([]);
  });
});
