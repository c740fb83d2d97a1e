import type { Kysely } from 'kysely';

// The fleet's control tower (site-level records): hosts and their agents' credentials, apps and
// their release archives, which operator may command which app on which hosts, and the commands.
// A host or a permission belongs to the provider (owner_space 0) or to an organization's space.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('fleet_hosts')
    .addColumn('id', 'varchar(16)', (c) => c.primaryKey())
    .addColumn('name', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('owner_space', 'integer', (c) => c.notNull().references('spaces.id'))
    .addColumn('labels', 'text', (c) => c.notNull())
    .addColumn('agent_version', 'varchar(40)')
    .addColumn('last_contact_at', 'bigint')
    .addColumn('inventory', 'text')
    .addColumn('enrol_token_hash', 'varchar(64)')
    .addColumn('enrol_expires_at', 'bigint')
    .addColumn('enrolled_at', 'bigint')
    .addColumn('credential_hash', 'varchar(64)')
    .addColumn('revoked_at', 'bigint')
    .addColumn('last_seq', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('fleet_apps')
    .addColumn('name', 'varchar(40)', (c) => c.primaryKey())
    .addColumn('kind', 'varchar(10)', (c) => c.notNull())
    .addColumn('command', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('fleet_app_versions')
    .addColumn('app', 'varchar(40)', (c) => c.notNull().references('fleet_apps.name'))
    .addColumn('version', 'varchar(40)', (c) => c.notNull())
    .addColumn('archive_path', 'text', (c) => c.notNull())
    .addColumn('sha256', 'varchar(64)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('fleet_app_versions_pk', ['app', 'version'])
    .execute();

  await db.schema
    .createTable('fleet_permissions')
    .addColumn('id', 'varchar(24)', (c) => c.primaryKey())
    .addColumn('operator', 'varchar(64)', (c) => c.notNull())
    .addColumn('app', 'varchar(40)', (c) => c.notNull().references('fleet_apps.name'))
    .addColumn('owner_space', 'integer', (c) => c.notNull().references('spaces.id'))
    .addColumn('selector_kind', 'varchar(8)', (c) => c.notNull())
    .addColumn('selector', 'varchar(100)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('fleet_permissions_grant', ['operator', 'app', 'owner_space', 'selector_kind', 'selector'])
    .execute();

  await db.schema
    .createTable('fleet_commands')
    .addColumn('id', 'varchar(40)', (c) => c.primaryKey())
    .addColumn('host_id', 'varchar(16)', (c) => c.notNull().references('fleet_hosts.id'))
    .addColumn('app', 'varchar(40)')
    .addColumn('type', 'varchar(16)', (c) => c.notNull())
    .addColumn('args', 'text', (c) => c.notNull())
    .addColumn('state', 'varchar(12)', (c) => c.notNull())
    .addColumn('issued_by', 'varchar(64)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('timeout_ms', 'integer', (c) => c.notNull())
    .addColumn('delivered_at', 'bigint')
    .addColumn('started_at', 'bigint')
    .addColumn('ended_at', 'bigint')
    .addColumn('cancel_deadline', 'bigint')
    .addColumn('result', 'text')
    .addColumn('error', 'text')
    .execute();
  await db.schema.createIndex('fleet_commands_host').on('fleet_commands').columns(['host_id', 'state', 'created_at']).execute();
  await db.schema.createIndex('fleet_commands_open').on('fleet_commands').columns(['state', 'expires_at']).execute();
}
