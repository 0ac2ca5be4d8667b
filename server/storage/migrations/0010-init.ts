// The initial schema. Portable DDL only: it must build the same tables on SQLite and PostgreSQL.
import type { MigrationDb as Db } from './index';
const ts = 'varchar(32)';

async function createIdentityTables(db: Db): Promise<void> {
  await db.schema.createTable('roles')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('name', 'varchar(50)', (c) => c.notNull().unique())
    .addColumn('description', 'varchar(255)')
    .addColumn('created', ts, (c) => c.notNull())
    .addColumn('modified', ts, (c) => c.notNull())
    .execute();
  await db.schema.createTable('users')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('role_id', 'varchar(36)', (c) => c.notNull().references('roles.id'))
    .addColumn('username', 'varchar(255)', (c) => c.notNull().unique())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('deleted', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('disabled', ts)
    .addColumn('locale', 'varchar(16)')
    .addColumn('created', ts, (c) => c.notNull())
    .addColumn('modified', ts, (c) => c.notNull())
    .addColumn('last_logged_in', ts)
    .execute();
  await db.schema.createTable('profiles')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull().unique().references('users.id'))
    .addColumn('first_name', 'varchar(255)', (c) => c.notNull())
    .addColumn('last_name', 'varchar(255)', (c) => c.notNull())
    .addColumn('created', ts, (c) => c.notNull())
    .addColumn('modified', ts, (c) => c.notNull())
    .execute();
  await db.schema.createTable('gpgkeys')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull().references('users.id'))
    .addColumn('armored_key', 'text', (c) => c.notNull())
    .addColumn('fingerprint', 'varchar(64)', (c) => c.notNull())
    .addColumn('key_id', 'varchar(16)', (c) => c.notNull())
    .addColumn('bits', 'integer')
    .addColumn('uid', 'varchar(1024)', (c) => c.notNull())
    .addColumn('type', 'varchar(32)', (c) => c.notNull())
    .addColumn('key_created', ts)
    .addColumn('expires', ts)
    .addColumn('deleted', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created', ts, (c) => c.notNull())
    .addColumn('modified', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('gpgkeys_user_id').on('gpgkeys').column('user_id').execute();
  await db.schema.createIndex('gpgkeys_fingerprint').on('gpgkeys').column('fingerprint').execute();
  await db.schema.createIndex('gpgkeys_modified').on('gpgkeys').column('modified').execute();
}

async function createAuthTables(db: Db): Promise<void> {
  await db.schema.createTable('authentication_tokens')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('token', 'varchar(36)', (c) => c.notNull().unique())
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull().references('users.id'))
    .addColumn('type', 'varchar(16)', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created', ts, (c) => c.notNull())
    .addColumn('modified', ts, (c) => c.notNull())
    .execute();
  await db.schema.createTable('used_verify_tokens')
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('token', 'varchar(36)', (c) => c.notNull())
    .addColumn('expires', ts, (c) => c.notNull())
    .addColumn('created', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('used_verify_tokens_pk', ['user_id', 'token'])
    .execute();
  await db.schema.createTable('refresh_tokens')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull().references('users.id'))
    .addColumn('token', 'varchar(36)', (c) => c.notNull().unique())
    .addColumn('family_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('expires', ts, (c) => c.notNull())
    .addColumn('created', ts, (c) => c.notNull())
    .addColumn('modified', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('refresh_tokens_family').on('refresh_tokens').column('family_id').execute();
  await db.schema.createTable('rate_limits')
    .addColumn('bucket', 'varchar(255)', (c) => c.notNull())
    .addColumn('window_start', 'bigint', (c) => c.notNull())
    .addColumn('hits', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('rate_limits_pk', ['bucket', 'window_start'])
    .execute();
}

async function createGroupTables(db: Db): Promise<void> {
  await db.schema.createTable('groups')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('name', 'varchar(255)', (c) => c.notNull())
    .addColumn('deleted', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created', ts, (c) => c.notNull())
    .addColumn('modified', ts, (c) => c.notNull())
    .addColumn('created_by', 'varchar(36)', (c) => c.notNull())
    .addColumn('modified_by', 'varchar(36)', (c) => c.notNull())
    .execute();
  await db.schema.createTable('groups_users')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('group_id', 'varchar(36)', (c) => c.notNull().references('groups.id'))
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull().references('users.id'))
    .addColumn('is_admin', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created', ts, (c) => c.notNull())
    .addUniqueConstraint('groups_users_group_user', ['group_id', 'user_id'])
    .execute();
  await db.schema.createIndex('groups_users_user_id').on('groups_users').column('user_id').execute();
}

async function createResourceTables(db: Db): Promise<void> {
  await db.schema.createTable('resource_types')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('slug', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('name', 'varchar(255)', (c) => c.notNull())
    .addColumn('description', 'varchar(255)')
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('created', ts, (c) => c.notNull())
    .addColumn('modified', ts, (c) => c.notNull())
    .addColumn('deleted', ts)
    .execute();
  await db.schema.createTable('resources')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('resource_type_id', 'varchar(36)', (c) => c.notNull().references('resource_types.id'))
    .addColumn('name', 'varchar(255)', (c) => c.notNull())
    .addColumn('username', 'varchar(255)')
    .addColumn('uri', 'varchar(1024)')
    .addColumn('description', 'text')
    .addColumn('expired', ts)
    .addColumn('deleted', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created', ts, (c) => c.notNull())
    .addColumn('modified', ts, (c) => c.notNull())
    .addColumn('created_by', 'varchar(36)', (c) => c.notNull())
    .addColumn('modified_by', 'varchar(36)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('resources_modified').on('resources').column('modified').execute();
  await db.schema.createTable('permissions')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('aco', 'varchar(16)', (c) => c.notNull())
    .addColumn('aco_foreign_key', 'varchar(36)', (c) => c.notNull())
    .addColumn('aro', 'varchar(16)', (c) => c.notNull())
    .addColumn('aro_foreign_key', 'varchar(36)', (c) => c.notNull())
    .addColumn('type', 'integer', (c) => c.notNull())
    .addColumn('created', ts, (c) => c.notNull())
    .addColumn('modified', ts, (c) => c.notNull())
    .addUniqueConstraint('permissions_aco_aro', ['aco_foreign_key', 'aro', 'aro_foreign_key'])
    .execute();
  await db.schema.createIndex('permissions_aro_fk').on('permissions').columns(['aro_foreign_key', 'aco_foreign_key']).execute();
  await db.schema.createTable('secrets')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull().references('users.id'))
    .addColumn('resource_id', 'varchar(36)', (c) => c.notNull().references('resources.id'))
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('created', ts, (c) => c.notNull())
    .addColumn('modified', ts, (c) => c.notNull())
    .addColumn('created_by', 'varchar(36)')
    .addColumn('modified_by', 'varchar(36)')
    .addUniqueConstraint('secrets_resource_user', ['resource_id', 'user_id'])
    .execute();
  await db.schema.createIndex('secrets_user_id').on('secrets').column('user_id').execute();
  await db.schema.createTable('favorites')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull().references('users.id'))
    .addColumn('foreign_key', 'varchar(36)', (c) => c.notNull())
    .addColumn('foreign_model', 'varchar(16)', (c) => c.notNull())
    .addColumn('created', ts, (c) => c.notNull())
    .addUniqueConstraint('favorites_user_fk', ['user_id', 'foreign_key'])
    .execute();
}

async function createSettingsTables(db: Db): Promise<void> {
  await db.schema.createTable('organization_settings')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('property', 'varchar(128)', (c) => c.notNull().unique())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('created', ts, (c) => c.notNull())
    .addColumn('modified', ts, (c) => c.notNull())
    .addColumn('created_by', 'varchar(36)')
    .addColumn('modified_by', 'varchar(36)')
    .execute();
  await db.schema.createTable('mail_queue')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('recipient', 'varchar(255)', (c) => c.notNull())
    .addColumn('subject', 'varchar(255)', (c) => c.notNull())
    .addColumn('template', 'varchar(64)', (c) => c.notNull())
    .addColumn('body_text', 'text', (c) => c.notNull())
    .addColumn('body_html', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt', 'bigint', (c) => c.notNull())
    .addColumn('last_error', 'varchar(1024)')
    .addColumn('sent', ts)
    .addColumn('created', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('mail_queue_pending').on('mail_queue').columns(['sent', 'next_attempt']).execute();
}

export async function up(db: Db): Promise<void> {
  await createIdentityTables(db);
  await createAuthTables(db);
  await createGroupTables(db);
  await createResourceTables(db);
  await createSettingsTables(db);
}
