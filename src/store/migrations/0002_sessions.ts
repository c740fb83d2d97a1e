import type { Kysely } from 'kysely';

// Sessions of operators (space 0) and members, and site settings fixed at first start.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('sessions')
    .addColumn('space_id', 'integer', (c) => c.notNull().references('spaces.id'))
    .addColumn('id', 'varchar(32)', (c) => c.notNull())
    .addColumn('secret_hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('subject', 'varchar(100)', (c) => c.notNull())
    .addColumn('role', 'varchar(40)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('address', 'varchar(64)')
    .addColumn('user_agent', 'varchar(300)')
    .addColumn('revoked_at', 'bigint')
    .addPrimaryKeyConstraint('sessions_pk', ['space_id', 'id'])
    .execute();
  await db.schema.createIndex('sessions_subject').on('sessions').columns(['space_id', 'subject']).execute();

  await db.schema
    .createTable('site_settings')
    .addColumn('space_id', 'integer', (c) => c.notNull().references('spaces.id'))
    .addColumn('key', 'varchar(60)', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('site_settings_pk', ['space_id', 'key'])
    .execute();
}
