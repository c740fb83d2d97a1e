import { PostgresAdapter, type Kysely } from 'kysely';

// The permission matrix of each space: the treasurer's overrides of the defaults in code
// (domain/permissions.ts) and the custom roles a space adds. `spaces.permissions_version` is bumped
// by every change, so that each node's cached matrix is known stale from the space row every
// operation reads anyway. Accounts may now hold custom roles: their list grows past 40 characters.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('spaces')
    .addColumn('permissions_version', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createTable('custom_roles')
    .addColumn('space_id', 'integer', (c) => c.notNull().references('spaces.id'))
    .addColumn('name', 'varchar(24)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('custom_roles_pk', ['space_id', 'name'])
    .execute();
  await db.schema
    .createTable('permission_overrides')
    .addColumn('space_id', 'integer', (c) => c.notNull().references('spaces.id'))
    .addColumn('role', 'varchar(24)', (c) => c.notNull())
    .addColumn('permission', 'varchar(40)', (c) => c.notNull())
    .addColumn('allowed', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('permission_overrides_pk', ['space_id', 'role', 'permission'])
    .execute();
  // SQLite does not enforce a varchar's length; PostgreSQL does.
  if (db.getExecutor().adapter instanceof PostgresAdapter)
    await db.schema
      .alterTable('accounts')
      .alterColumn('roles', (c) => c.setDataType('varchar(200)'))
      .execute();
}
