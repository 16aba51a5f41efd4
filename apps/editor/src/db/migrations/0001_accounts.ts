import { type Kysely, type Migration, sql } from 'kysely';
import type { DatabaseKind } from '../openDatabase';

/**
 * better-auth's tables (users, sessions, accounts, verifications, rate limits) and its organization
 * plugin's (workspaces, members, invitations), column for column as better-auth 1.7 expects them
 * with the options of `createAuth` (user.color added). `migrations.test.ts` checks that better-auth
 * finds nothing missing.
 */
export function accountsMigration(kind: DatabaseKind): Migration {
  const bool = kind === 'sqlite' ? 'integer' : 'boolean';
  const date = kind === 'sqlite' ? 'date' : 'timestamptz';
  const now = sql`CURRENT_TIMESTAMP`;
  // PostgreSQL fills these in itself (better-auth creates them so); SQLite gets them from better-auth.
  const defaultNow = kind === 'postgres';
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('user')
        .addColumn('id', 'text', (c) => c.primaryKey().notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('email', 'text', (c) => c.notNull().unique())
        .addColumn('emailVerified', sql.raw(bool), (c) => c.notNull())
        .addColumn('image', 'text')
        .addColumn('createdAt', sql.raw(date), (c) => (defaultNow ? c.notNull().defaultTo(now) : c.notNull()))
        .addColumn('updatedAt', sql.raw(date), (c) => (defaultNow ? c.notNull().defaultTo(now) : c.notNull()))
        .addColumn('color', 'text')
        .execute();
      await db.schema
        .createTable('session')
        .addColumn('id', 'text', (c) => c.primaryKey().notNull())
        .addColumn('expiresAt', sql.raw(date), (c) => c.notNull())
        .addColumn('token', 'text', (c) => c.notNull().unique())
        .addColumn('createdAt', sql.raw(date), (c) => (defaultNow ? c.notNull().defaultTo(now) : c.notNull()))
        .addColumn('updatedAt', sql.raw(date), (c) => c.notNull())
        .addColumn('ipAddress', 'text')
        .addColumn('userAgent', 'text')
        .addColumn('userId', 'text', (c) => c.notNull().references('user.id').onDelete('cascade'))
        .addColumn('activeOrganizationId', 'text')
        .execute();
      await db.schema
        .createTable('account')
        .addColumn('id', 'text', (c) => c.primaryKey().notNull())
        .addColumn('accountId', 'text', (c) => c.notNull())
        .addColumn('providerId', 'text', (c) => c.notNull())
        .addColumn('userId', 'text', (c) => c.notNull().references('user.id').onDelete('cascade'))
        .addColumn('accessToken', 'text')
        .addColumn('refreshToken', 'text')
        .addColumn('idToken', 'text')
        .addColumn('accessTokenExpiresAt', sql.raw(date))
        .addColumn('refreshTokenExpiresAt', sql.raw(date))
        .addColumn('scope', 'text')
        .addColumn('password', 'text')
        .addColumn('createdAt', sql.raw(date), (c) => (defaultNow ? c.notNull().defaultTo(now) : c.notNull()))
        .addColumn('updatedAt', sql.raw(date), (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('verification')
        .addColumn('id', 'text', (c) => c.primaryKey().notNull())
        .addColumn('identifier', 'text', (c) => c.notNull())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('expiresAt', sql.raw(date), (c) => c.notNull())
        .addColumn('createdAt', sql.raw(date), (c) => (defaultNow ? c.notNull().defaultTo(now) : c.notNull()))
        .addColumn('updatedAt', sql.raw(date), (c) => (defaultNow ? c.notNull().defaultTo(now) : c.notNull()))
        .execute();
      await db.schema
        .createTable('organization')
        .addColumn('id', 'text', (c) => c.primaryKey().notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('slug', 'text', (c) => c.notNull().unique())
        .addColumn('logo', 'text')
        .addColumn('createdAt', sql.raw(date), (c) => c.notNull())
        .addColumn('metadata', 'text')
        .execute();
      await db.schema
        .createTable('member')
        .addColumn('id', 'text', (c) => c.primaryKey().notNull())
        .addColumn('organizationId', 'text', (c) => c.notNull().references('organization.id').onDelete('cascade'))
        .addColumn('userId', 'text', (c) => c.notNull().references('user.id').onDelete('cascade'))
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('createdAt', sql.raw(date), (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('invitation')
        .addColumn('id', 'text', (c) => c.primaryKey().notNull())
        .addColumn('organizationId', 'text', (c) => c.notNull().references('organization.id').onDelete('cascade'))
        .addColumn('email', 'text', (c) => c.notNull())
        .addColumn('role', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('expiresAt', sql.raw(date), (c) => c.notNull())
        .addColumn('createdAt', sql.raw(date), (c) => (defaultNow ? c.notNull().defaultTo(now) : c.notNull()))
        .addColumn('inviterId', 'text', (c) => c.notNull().references('user.id').onDelete('cascade'))
        .execute();
      await db.schema
        .createTable('rateLimit')
        .addColumn('id', 'text', (c) => c.primaryKey().notNull())
        .addColumn('key', 'text', (c) => c.notNull().unique())
        .addColumn('count', 'integer', (c) => c.notNull())
        .addColumn('lastRequest', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('session_userId_idx').on('session').column('userId').execute();
      await db.schema.createIndex('account_userId_idx').on('account').column('userId').execute();
      await db.schema.createIndex('verification_identifier_idx').on('verification').column('identifier').execute();
      await db.schema.createIndex('member_organizationId_idx').on('member').column('organizationId').execute();
      await db.schema.createIndex('member_userId_idx').on('member').column('userId').execute();
      // One membership per person and workspace (better-auth checks it; the database makes it a fact).
      await db.schema.createIndex('member_organization_user_unique').on('member').columns(['organizationId', 'userId']).unique().execute();
      await db.schema.createIndex('invitation_organizationId_idx').on('invitation').column('organizationId').execute();
      await db.schema.createIndex('invitation_email_idx').on('invitation').column('email').execute();
    },
  };
}
