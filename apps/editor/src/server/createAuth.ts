import { APIError, betterAuth } from 'better-auth';
import { createAuthMiddleware } from 'better-auth/api';
import { nextCookies } from 'better-auth/next-js';
import { genericOAuth } from 'better-auth/plugins/generic-oauth';
import { organization } from 'better-auth/plugins/organization';
import type { AppConfig } from '@/config/appConfig';
import type { AppDatabase } from '@/db/openDatabase';
import { PALETTE } from '@/identity/identity';
import { spendInviteLink } from '@/workspace/inviteLinks';
import { accessControl, accessRoles, strongestRole } from '@/workspace/roles';
import { installedWorkspace, recordInstall, roleIn } from '@/workspace/workspaces';
import { type JoinPlan, planJoin } from './joinPolicy';
import type { Mailer } from './mailer';
import type { MembershipEffects } from './membershipEffects';
import { linkOrigin } from './requestOrigin';

export const OIDC_PROVIDER_ID = 'oidc';
/** Sessions last 30 days and are renewed (their expiry moved on) at most once a day while used. */
export const SESSION_EXPIRES_SEC = 30 * 24 * 60 * 60;
export const SESSION_UPDATE_AGE_SEC = 24 * 60 * 60;
const LOOPBACK_HOSTS = ['localhost', 'localhost:*', '127.0.0.1', '127.0.0.1:*', '[::1]', '[::1]:*'];
const colorPattern = /^#[0-9a-f]{6}$/i;

export interface AuthDeps {
  config: AppConfig;
  database: AppDatabase;
  secret: string;
  mailer: Mailer;
  effects: MembershipEffects;
  log: (line: string) => void;
}

/** Sign-up, sign-in and membership endpoints that a guest may still call (everything else under /organization is for members). */
const GUEST_ORGANIZATION_PATHS = new Set([
  '/organization/accept-invitation',
  '/organization/reject-invitation',
  '/organization/get-invitation',
  '/organization/list-user-invitations',
  '/organization/set-active',
  '/organization/list',
  '/organization/leave',
  '/organization/get-active-member',
  '/organization/get-active-member-role',
]);

/**
 * better-auth for the app: email and password (scrypt), sessions in the database, sign-in rate
 * limits, origin checks against CSRF, workspaces as better-auth organizations with the roles of
 * `@/workspace/roles`, invitations by email, optional OpenID Connect single sign-on. Who may create
 * an account is decided by `planJoin`; what a change of membership does on the sync server by
 * `MembershipEffects`.
 */
export function createAuth({ config, database, secret, mailer, effects, log }: AuthDeps) {
  const { db } = database;
  const joinRequest = (context: { path?: string; body?: unknown } | null, email: string) => ({
    path: context?.path ?? null,
    body: (typeof context?.body === 'object' && context.body !== null ? context.body : {}) as Record<string, unknown>,
    email,
    signup: config.signup,
    ssoRole: config.oidc?.role ?? null,
    now: Date.now(),
  });
  const plans = new WeakMap<object, JoinPlan>();
  const rateRule = { window: config.rateLimit.windowSec, max: config.rateLimit.max };

  const auth = betterAuth({
    appName: 'Tandem',
    secret,
    // Without PUBLIC_URL: whichever local address the page was opened at (server-side calls use the fallback).
    baseURL: config.publicUrl ?? { allowedHosts: LOOPBACK_HOSTS, protocol: 'http', fallback: 'http://localhost:3000' },
    basePath: '/api/auth',
    trustedOrigins: config.trustedOrigins,
    database: { db: database.unscoped, type: database.kind, ...(database.schema === null ? {} : { schemaName: database.schema }) },
    telemetry: { enabled: false },
    logger: { disabled: false, level: 'warn' },
    emailAndPassword: {
      enabled: true,
      minPasswordLength: 8,
      maxPasswordLength: 128,
      autoSignIn: true,
      revokeSessionsOnPasswordReset: true,
      resetPasswordTokenExpiresIn: 60 * 60,
      async sendResetPassword({ user, url }) {
        await mailer.send({
          to: user.email,
          subject: 'Reset your Tandem password',
          text: `Someone (hopefully you) asked to reset the password of ${user.email} on Tandem.\n\nSet a new one here (the link works for an hour): ${url}\n\nIf it was not you, ignore this mail.`,
          link: url,
        });
      },
    },
    session: { expiresIn: SESSION_EXPIRES_SEC, updateAge: SESSION_UPDATE_AGE_SEC },
    user: {
      additionalFields: {
        color: { type: 'string', required: false, input: true },
      },
    },
    account: { accountLinking: { enabled: true, trustedProviders: [OIDC_PROVIDER_ID] } },
    rateLimit: {
      enabled: true,
      storage: 'database',
      window: 60,
      max: 600,
      customRules: {
        '/sign-in/*': rateRule,
        '/sign-up/*': rateRule,
        '/change-password': rateRule,
        '/request-password-reset': rateRule,
        '/reset-password': rateRule,
      },
    },
    advanced: {
      cookiePrefix: 'tandem',
      // Stated, not left to the default (better-auth skips these checks when NODE_ENV is test).
      disableOriginCheck: false,
      disableCSRFCheck: false,
      useSecureCookies: config.publicUrl?.startsWith('https://') ?? false,
      ipAddress: config.trustedProxies.length > 0 ? { trustedProxies: config.trustedProxies } : {},
    },
    databaseHooks: {
      user: {
        create: {
          async before(user, context) {
            const plan = await planJoin(db, joinRequest(context, user.email));
            if (plan.kind === 'refused') throw new APIError('FORBIDDEN', { message: plan.reason, code: 'JOIN_REFUSED' });
            const color = typeof user.color === 'string' && colorPattern.test(user.color) ? user.color : null;
            const data = { ...user, color: color ?? PALETTE[Math.floor(Math.random() * PALETTE.length)] };
            if (context !== null) plans.set(context, plan);
            return { data };
          },
          async after(user, context) {
            const plan = (context === null ? undefined : plans.get(context)) ?? { kind: 'none' as const };
            await carryOut(plan, user.id);
          },
        },
      },
      session: {
        create: {
          async before(session) {
            const workspace = await installedWorkspace(db);
            if (workspace === null || (await roleIn(db, workspace.id, session.userId)) === null) return;
            return { data: { ...session, activeOrganizationId: workspace.id } };
          },
        },
      },
    },
    hooks: {
      before: createAuthMiddleware(async (ctx) => {
        if (!ctx.path.startsWith('/organization/') || GUEST_ORGANIZATION_PATHS.has(ctx.path)) return;
        const session = ctx.context.session;
        const workspaceId = session?.session.activeOrganizationId;
        if (session && workspaceId && (await roleIn(db, workspaceId, session.user.id)) === 'guest') {
          throw new APIError('FORBIDDEN', { message: 'Guests see only the documents shared with them.' });
        }
      }),
      after: createAuthMiddleware(async (ctx) => {
        // Leaving has no organization hook of its own.
        if (ctx.path === '/organization/leave' && ctx.context.session && !(ctx.context.returned instanceof Error)) {
          const workspaceId = (ctx.body as { organizationId?: string } | undefined)?.organizationId;
          if (workspaceId) await effects.memberGone(ctx.context.session.user.id, workspaceId);
        }
      }),
    },
    plugins: [
      organization({
        ac: accessControl,
        roles: accessRoles,
        creatorRole: 'owner',
        allowUserToCreateOrganization: false,
        disableOrganizationDeletion: true,
        invitationExpiresIn: 7 * 24 * 60 * 60,
        cancelPendingInvitationsOnReInvite: true,
        async sendInvitationEmail({ id, email, organization: workspace, inviter, role }, request) {
          const origin = request === undefined ? (config.publicUrl ?? 'http://localhost:3000') : linkOrigin(config.publicUrl, request);
          const url = `${origin}/invitation/${encodeURIComponent(id)}`;
          await mailer.send({
            to: email,
            subject: `${inviter.user.name} invited you to ${workspace.name} on Tandem`,
            text: `${inviter.user.name} (${inviter.user.email}) invited you to join the workspace "${workspace.name}" on Tandem as ${role}.\n\nAccept here (the invitation works for 7 days): ${url}`,
            link: url,
          });
        },
        organizationHooks: {
          async afterAddMember({ member }) {
            await effects.memberJoined(member.userId);
          },
          async afterAcceptInvitation({ member }) {
            await effects.memberJoined(member.userId);
          },
          async afterRemoveMember({ member }) {
            await effects.memberGone(member.userId, member.organizationId);
          },
          async afterUpdateMemberRole({ member, previousRole }) {
            const to = strongestRole(member.role);
            if (to !== null) await effects.roleChanged(member.userId, member.organizationId, strongestRole(previousRole), to);
          },
        },
      }),
      ...(config.oidc === null
        ? []
        : [
            genericOAuth({
              config: [
                {
                  providerId: OIDC_PROVIDER_ID,
                  name: config.oidc.name,
                  discoveryUrl: `${config.oidc.issuer}/.well-known/openid-configuration`,
                  clientId: config.oidc.clientId,
                  clientSecret: config.oidc.clientSecret,
                  scopes: ['openid', 'email', 'profile'],
                  pkce: true,
                  requireIdTokenVerification: true,
                },
              ],
            }),
          ]),
      nextCookies(),
    ],
  });

  /** Joins the new account to its workspace as planned (creating the workspace on setup). */
  async function carryOut(plan: JoinPlan, userId: string): Promise<void> {
    if (plan.kind === 'none' || plan.kind === 'refused') return;
    if (plan.kind === 'setup') {
      const slug = `${
        plan.workspaceName
          .toLowerCase()
          .replace(/[^a-z0-9]+/g, '-')
          .replace(/^-|-$/g, '')
          .slice(0, 40) || 'workspace'
      }-${Date.now().toString(36)}`;
      const created = await auth.api.createOrganization({ body: { name: plan.workspaceName, slug, userId } });
      if (!created) throw new Error('creating the workspace returned nothing');
      if (!(await recordInstall(db, created.id, Date.now()))) {
        await db.deleteFrom('organization').where('id', '=', created.id).execute();
        throw new APIError('CONFLICT', { message: 'Someone set Tandem up a moment ago: ask them for an invitation.' });
      }
      log(`set up: workspace "${plan.workspaceName}" created, owner ${userId}`);
      return;
    }
    if (plan.kind === 'invite-link' && !(await spendInviteLink(db, plan.linkId))) {
      throw new APIError('FORBIDDEN', { message: 'This invitation link has just been used up.' });
    }
    await auth.api.addMember({ body: { userId, organizationId: plan.workspaceId, role: plan.role } });
    if (plan.kind === 'invitation') {
      await db.updateTable('invitation').set({ status: 'accepted' }).where('id', '=', plan.invitationId).execute();
    }
  }

  return auth;
}

export type Auth = ReturnType<typeof createAuth>;
