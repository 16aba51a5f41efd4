import { getMigrations } from 'better-auth/db/migration';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appConfigFrom } from '@/config/appConfig';
import { migrateToLatest } from '@/db/migrate';
import { type AppDatabase, openDatabase } from '@/db/openDatabase';
import { postgresAvailable, postgresTestDatabase, sqliteTestDatabase, type TestDatabase } from '@/db/testDatabases';
import { createInviteLink } from '@/workspace/inviteLinks';
import { installedWorkspace, listMembers } from '@/workspace/workspaces';
import { type Auth, createAuth } from './createAuth';
import type { Mail } from './mailer';
import type { MembershipEffects } from './membershipEffects';

const withPostgres = await postgresAvailable('better-auth on PostgreSQL');
const ORIGIN = 'http://127.0.0.1:3000';

/** better-auth as the app runs it, on a migrated database, answering real Requests. */
describe.each([
  ['SQLite', sqliteTestDatabase, true],
  ['PostgreSQL', postgresTestDatabase, withPostgres],
] as const)('accounts on %s', (_name, create, available) => {
  let target: TestDatabase;
  let database: AppDatabase;
  let auth: Auth;
  const mails: Mail[] = [];
  const effects: { gone: string[]; joined: string[] } = { gone: [], joined: [] };

  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    auth.handler(
      new Request(`${ORIGIN}/api/auth${path}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Origin: ORIGIN, 'X-Forwarded-For': '203.0.113.7', ...headers },
        body: JSON.stringify(body),
      }),
    );

  beforeAll(async () => {
    if (!available) return;
    target = await create();
    database = await openDatabase(target.config);
    await migrateToLatest(database);
    const config = appConfigFrom({ AUTH_RATE_LIMIT_MAX: '4', AUTH_RATE_LIMIT_WINDOW_SEC: '60' });
    const membership: MembershipEffects = {
      memberGone: async (userId) => void effects.gone.push(userId),
      memberJoined: async (userId) => void effects.joined.push(userId),
      roleChanged: async () => {},
    };
    auth = createAuth({
      config,
      database,
      secret: 'test-session-secret-that-is-long-enough-0123456789',
      mailer: { via: 'log', send: async (mail) => void mails.push(mail) },
      effects: membership,
      log: () => {},
    });
  });
  afterAll(async () => {
    await database?.close();
    await target?.drop();
  });

  it.skipIf(!available)('finds every table and column it needs in the migrated database', async () => {
    const { toBeCreated, toBeAdded } = await getMigrations(auth.options);
    expect(toBeCreated.map((t) => t.table)).toEqual([]);
    expect(toBeAdded.map((t) => `${t.table}: ${Object.keys(t.fields).join(',')}`)).toEqual([]);
  });

  it.skipIf(!available)('lets the first person set up the workspace as its owner, then only invited people in', async () => {
    const setup = await post('/sign-up/email', {
      name: 'Olive Owner',
      email: 'olive@example.test',
      password: 'correct horse battery',
      color: '#047857',
      workspaceName: 'Acme',
    });
    expect(setup.status).toBe(200);
    expect(setup.headers.get('set-cookie')).toMatch(/tandem\.session_token=/);
    const workspace = await installedWorkspace(database.db);
    expect(workspace?.name).toBe('Acme');
    expect((await listMembers(database.db, workspace?.id ?? '')).map((m) => [m.email, m.role, m.color])).toEqual([
      ['olive@example.test', 'owner', '#047857'],
    ]);

    // Without an invitation: refused, with the reason, and no account made.
    const stranger = await post('/sign-up/email', { name: 'Sam', email: 'sam@example.test', password: 'sam password 1' });
    expect(stranger.status).toBe(403);
    expect(((await stranger.json()) as { message: string }).message).toMatch(/needs an invitation/);
    expect(await database.db.selectFrom('user').select('id').where('email', '=', 'sam@example.test').executeTakeFirst()).toBeUndefined();
    // A second setup is no setup.
    const again = await post('/sign-up/email', {
      name: 'Mallory',
      email: 'mal@example.test',
      password: 'mal password 1',
      workspaceName: 'Mine',
    });
    expect(again.status).toBe(403);

    // An invitation link makes a guest.
    const { token } = await createInviteLink(database.db, {
      workspaceId: workspace?.id ?? '',
      role: 'guest',
      createdBy: null,
      expiresAt: null,
      maxUses: 1,
      now: Date.now(),
    });
    const guest = await post('/sign-up/email', { name: 'Gus', email: 'gus@example.test', password: 'gus password 1', inviteToken: token });
    expect(guest.status).toBe(200);
    const members = await listMembers(database.db, workspace?.id ?? '');
    expect(members.map((m) => [m.email, m.role])).toContainEqual(['gus@example.test', 'guest']);
    expect(effects.joined).toContain(members.find((m) => m.email === 'gus@example.test')?.userId);
    // The link was for one person.
    // (From another address: this one has used up its sign-up attempts for the minute.)
    const second = await post(
      '/sign-up/email',
      { name: 'Gia', email: 'gia@example.test', password: 'gia password 1', inviteToken: token },
      { 'X-Forwarded-For': '203.0.113.8' },
    );
    expect(second.status).toBe(403);
    expect(((await second.json()) as { message: string }).message).toMatch(/used up/);
  });

  it.skipIf(!available)('refuses sign-ins from other sites, and limits sign-in attempts per address', async () => {
    // Another site's page posting a sign-in form (login CSRF): the browser's fetch metadata gives it away.
    const navigation = {
      Origin: 'https://evil.example',
      'Sec-Fetch-Site': 'cross-site',
      'Sec-Fetch-Mode': 'navigate',
      'Sec-Fetch-Dest': 'document',
    };
    const forged = await post('/sign-in/email', { email: 'olive@example.test', password: 'correct horse battery' }, navigation);
    expect(forged.status).toBe(403);
    // Another site using a signed-in browser's cookie: its origin is not trusted.
    const signedIn = await post('/sign-in/email', { email: 'olive@example.test', password: 'correct horse battery' });
    const cookie = (signedIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const hijack = await post(
      '/change-password',
      { currentPassword: 'correct horse battery', newPassword: 'hijacked password' },
      { Origin: 'https://evil.example', Cookie: cookie },
    );
    expect(hijack.status).toBe(403);
    const own = await post(
      '/change-password',
      { currentPassword: 'correct horse battery', newPassword: 'a new password 2' },
      { Cookie: cookie },
    );
    expect(own.status).toBe(200);
    const address = { 'X-Forwarded-For': '198.51.100.9' };
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 5; attempt += 1) {
      statuses.push((await post('/sign-in/email', { email: 'olive@example.test', password: 'wrong password' }, address)).status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 429]);
    // The limit is per address: Olive, elsewhere, signs in.
    const olive = await post(
      '/sign-in/email',
      { email: 'olive@example.test', password: 'a new password 2' },
      { 'X-Forwarded-For': '198.51.100.10' },
    );
    expect(olive.status).toBe(200);
  });

  it.skipIf(!available)('mails a password reset link (printed to the log without SMTP)', async () => {
    const response = await post('/request-password-reset', { email: 'olive@example.test', redirectTo: '/reset-password' });
    expect(response.status).toBe(200);
    expect(mails.at(-1)).toMatchObject({ to: 'olive@example.test', subject: 'Reset your Tandem password' });
    expect(mails.at(-1)?.link).toMatch(/\/api\/auth\/reset-password\/[\w-]+\?callbackURL=%2Freset-password/);
  });
});
