import { sql, type Kysely } from 'kysely';

// The fleet's tables are keyed by space first, like every other table: a host, a permission and a
// rollout by the space of the fleet they belong to (0: the provider's; else the organization's), a
// command by its host's, and the app catalog, which every fleet shares, by the site's (0). Neither
// engine changes a primary key in place everywhere, so each table is rebuilt: the old ones are set
// aside under another name, the new ones created, the rows copied, the old ones dropped.
const tables = ['fleet_apps', 'fleet_app_versions', 'fleet_hosts', 'fleet_permissions', 'fleet_rollouts', 'fleet_commands'];
const aside = (table: string) => `${table}_before_0026`;

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const index of ['fleet_commands_host', 'fleet_commands_open', 'fleet_commands_rollout']) await db.schema.dropIndex(index).execute();
  for (const table of tables) await db.schema.alterTable(table).renameTo(aside(table)).execute();

  await db.schema
    .createTable('fleet_apps')
    .addColumn('space_id', 'integer', (c) => c.notNull().references('spaces.id'))
    .addColumn('name', 'varchar(40)', (c) => c.notNull().unique())
    .addColumn('kind', 'varchar(10)', (c) => c.notNull())
    .addColumn('command', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('fleet_apps_key', ['space_id', 'name'])
    .execute();
  await db.schema
    .createTable('fleet_app_versions')
    .addColumn('space_id', 'integer', (c) => c.notNull().references('spaces.id'))
    .addColumn('app', 'varchar(40)', (c) => c.notNull().references('fleet_apps.name'))
    .addColumn('version', 'varchar(40)', (c) => c.notNull())
    .addColumn('archive_path', 'text', (c) => c.notNull())
    .addColumn('sha256', 'varchar(64)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('fleet_app_versions_key', ['space_id', 'app', 'version'])
    .execute();
  await db.schema
    .createTable('fleet_hosts')
    .addColumn('space_id', 'integer', (c) => c.notNull().references('spaces.id'))
    .addColumn('id', 'varchar(16)', (c) => c.notNull().unique())
    .addColumn('name', 'varchar(64)', (c) => c.notNull().unique())
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
    .addPrimaryKeyConstraint('fleet_hosts_key', ['space_id', 'id'])
    .execute();
  await db.schema
    .createTable('fleet_permissions')
    .addColumn('space_id', 'integer', (c) => c.notNull().references('spaces.id'))
    .addColumn('id', 'varchar(24)', (c) => c.notNull())
    .addColumn('operator', 'varchar(64)', (c) => c.notNull())
    .addColumn('app', 'varchar(40)', (c) => c.notNull().references('fleet_apps.name'))
    .addColumn('selector_kind', 'varchar(8)', (c) => c.notNull())
    .addColumn('selector', 'varchar(100)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('fleet_permissions_key', ['space_id', 'id'])
    .addUniqueConstraint('fleet_permissions_grants', ['space_id', 'operator', 'app', 'selector_kind', 'selector'])
    .execute();
  await db.schema
    .createTable('fleet_rollouts')
    .addColumn('space_id', 'integer', (c) => c.notNull().references('spaces.id'))
    .addColumn('id', 'varchar(40)', (c) => c.notNull())
    .addColumn('app', 'varchar(40)', (c) => c.notNull().references('fleet_apps.name'))
    .addColumn('version', 'varchar(40)', (c) => c.notNull())
    .addColumn('label', 'varchar(100)', (c) => c.notNull())
    .addColumn('max_unavailable', 'integer', (c) => c.notNull())
    .addColumn('state', 'varchar(12)', (c) => c.notNull())
    .addColumn('current_batch', 'integer', (c) => c.notNull())
    .addColumn('batches', 'integer', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('issued_by', 'varchar(64)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('ended_at', 'bigint')
    .addPrimaryKeyConstraint('fleet_rollouts_key', ['space_id', 'id'])
    .execute();
  await db.schema
    .createTable('fleet_commands')
    .addColumn('space_id', 'integer', (c) => c.notNull())
    // Command ids are given by operators (a duplicate runs once): unique across the site.
    .addColumn('id', 'varchar(40)', (c) => c.notNull().unique())
    .addColumn('host_id', 'varchar(16)', (c) => c.notNull())
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
    .addColumn('rollout_id', 'varchar(40)')
    .addColumn('batch', 'integer')
    .addPrimaryKeyConstraint('fleet_commands_key', ['space_id', 'id'])
    // A command is in its host's space.
    .addForeignKeyConstraint('fleet_commands_host_key', ['space_id', 'host_id'], 'fleet_hosts', ['space_id', 'id'])
    .execute();

  const site = sql.lit(0);
  await sql`insert into fleet_apps (space_id, name, kind, command, created_at)
    select ${site}, name, kind, command, created_at from ${sql.table(aside('fleet_apps'))}`.execute(db);
  await sql`insert into fleet_app_versions (space_id, app, version, archive_path, sha256, created_at)
    select ${site}, app, version, archive_path, sha256, created_at from ${sql.table(aside('fleet_app_versions'))}`.execute(db);
  const hostColumns = sql.raw(
    'id, name, labels, agent_version, last_contact_at, inventory, enrol_token_hash, enrol_expires_at, enrolled_at, credential_hash, revoked_at, last_seq, created_at',
  );
  await sql`insert into fleet_hosts (space_id, ${hostColumns})
    select owner_space, ${hostColumns} from ${sql.table(aside('fleet_hosts'))}`.execute(db);
  await sql`insert into fleet_permissions (space_id, id, operator, app, selector_kind, selector, created_at)
    select owner_space, id, operator, app, selector_kind, selector, created_at from ${sql.table(aside('fleet_permissions'))}`.execute(db);
  const rolloutColumns = sql.raw(
    'id, app, version, label, max_unavailable, state, current_batch, batches, reason, issued_by, created_at, ended_at',
  );
  await sql`insert into fleet_rollouts (space_id, ${rolloutColumns})
    select owner_space, ${rolloutColumns} from ${sql.table(aside('fleet_rollouts'))}`.execute(db);
  const commandColumns = sql.raw(
    'id, host_id, app, type, args, state, issued_by, created_at, expires_at, timeout_ms, delivered_at, started_at, ended_at, cancel_deadline, result, error, rollout_id, batch',
  );
  await sql`insert into fleet_commands (space_id, ${commandColumns})
    select h.owner_space, ${sql.raw(
      'c.id, c.host_id, c.app, c.type, c.args, c.state, c.issued_by, c.created_at, c.expires_at, c.timeout_ms, c.delivered_at, c.started_at, c.ended_at, c.cancel_deadline, c.result, c.error, c.rollout_id, c.batch',
    )}
    from ${sql.table(aside('fleet_commands'))} c join ${sql.table(aside('fleet_hosts'))} h on h.id = c.host_id`.execute(db);

  // Children first: the old tables refer to each other.
  for (const table of [...tables].reverse()) await db.schema.dropTable(aside(table)).execute();

  await db.schema.createIndex('fleet_commands_host').on('fleet_commands').columns(['host_id', 'state', 'created_at']).execute();
  await db.schema.createIndex('fleet_commands_open').on('fleet_commands').columns(['state', 'expires_at']).execute();
  await db.schema.createIndex('fleet_commands_rollout').on('fleet_commands').columns(['rollout_id', 'batch']).execute();
}
