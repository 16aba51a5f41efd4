import { type Kysely, type Migration, sql } from 'kysely';
import type { DatabaseKind } from '../openDatabase';

/**
 * The app's own tables: which workspace the installation set up, each workspace's settings, its
 * documents, documents shared with people, share links (expiring, revocable one by one) and who
 * opened them, invitation links, the tokens issued (so a change of rights can revoke them on the
 * sync server) and revocations the sync server has yet to take. Times are epoch milliseconds.
 */
export function workspacesMigration(kind: DatabaseKind): Migration {
  const ms = 'bigint';
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('install')
        .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
        .addColumn('workspace_id', 'text', (c) => c.notNull().references('organization.id').onDelete('cascade'))
        .addColumn('set_up_at', ms, (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('workspace_settings')
        .addColumn('workspace_id', 'text', (c) => c.primaryKey().references('organization.id').onDelete('cascade'))
        .addColumn('doc_prefix', 'text', (c) => c.notNull().unique())
        .addColumn('link_sharing', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('trash_retention_days', 'integer', (c) => c.notNull().defaultTo(30))
        .addColumn('created_at', ms, (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('document')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('workspace_id', 'text', (c) => c.notNull().references('organization.id').onDelete('cascade'))
        .addColumn('created_by', 'text', (c) => c.references('user.id').onDelete('set null'))
        .addColumn('created_at', ms, (c) => c.notNull())
        .addColumn('title', 'text')
        .addColumn('deleted_at', ms)
        .addColumn('deleted_by', 'text', (c) => c.references('user.id').onDelete('set null'))
        .execute();
      await db.schema.createIndex('document_workspace_idx').on('document').columns(['workspace_id', 'deleted_at']).execute();
      await db.schema.createIndex('document_created_by_idx').on('document').column('created_by').execute();
      await db.schema
        .createTable('document_share')
        .addColumn('doc_id', 'text', (c) => c.notNull().references('document.id').onDelete('cascade'))
        .addColumn('user_id', 'text', (c) => c.notNull().references('user.id').onDelete('cascade'))
        .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('editor', 'viewer')`))
        .addColumn('shared_by', 'text', (c) => c.references('user.id').onDelete('set null'))
        .addColumn('created_at', ms, (c) => c.notNull())
        .addPrimaryKeyConstraint('document_share_pk', ['doc_id', 'user_id'])
        .execute();
      await db.schema.createIndex('document_share_user_idx').on('document_share').column('user_id').execute();
      await db.schema
        .createTable('share_link')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('doc_id', 'text', (c) => c.notNull().references('document.id').onDelete('cascade'))
        .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('editor', 'viewer')`))
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('created_by', 'text', (c) => c.references('user.id').onDelete('set null'))
        .addColumn('created_at', ms, (c) => c.notNull())
        .addColumn('expires_at', ms)
        .addColumn('revoked_at', ms)
        .addColumn('revoked_by', 'text', (c) => c.references('user.id').onDelete('set null'))
        .execute();
      await db.schema.createIndex('share_link_doc_idx').on('share_link').column('doc_id').execute();
      await db.schema
        .createTable('share_link_visit')
        .addColumn('link_id', 'text', (c) => c.notNull().references('share_link.id').onDelete('cascade'))
        .addColumn('user_id', 'text', (c) => c.notNull().references('user.id').onDelete('cascade'))
        .addColumn('first_visit_at', ms, (c) => c.notNull())
        .addColumn('last_visit_at', ms, (c) => c.notNull())
        .addPrimaryKeyConstraint('share_link_visit_pk', ['link_id', 'user_id'])
        .execute();
      await db.schema.createIndex('share_link_visit_user_idx').on('share_link_visit').column('user_id').execute();
      await db.schema
        .createTable('invite_link')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('workspace_id', 'text', (c) => c.notNull().references('organization.id').onDelete('cascade'))
        .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('admin', 'member', 'guest')`))
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('created_by', 'text', (c) => c.references('user.id').onDelete('set null'))
        .addColumn('created_at', ms, (c) => c.notNull())
        .addColumn('expires_at', ms)
        .addColumn('revoked_at', ms)
        .addColumn('uses', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('max_uses', 'integer')
        .execute();
      await db.schema.createIndex('invite_link_workspace_idx').on('invite_link').column('workspace_id').execute();
      await db.schema
        .createTable('issued_token')
        .addColumn('jti', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('user.id').onDelete('cascade'))
        .addColumn('expires_at', ms, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('issued_token_user_idx').on('issued_token').columns(['user_id', 'expires_at']).execute();
      await db.schema
        .createTable('pending_revocation')
        .addColumn('id', kind === 'sqlite' ? 'integer' : 'bigserial', (c) =>
          kind === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey(),
        )
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('created_at', ms, (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('last_error', 'text')
        .execute();
    },
  };
}
