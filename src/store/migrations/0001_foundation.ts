import { sql, type Kysely } from 'kysely';
import { siteSpaceId } from '../schema.js';

// Spaces and the audit log. Space 0 is the site: its row exists so that site-level records can
// reference it like any space's.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('spaces')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('org_code', 'varchar(12)', (c) => c.notNull().unique())
    .addColumn('read_only', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('frozen', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('closed_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('audit_entries')
    .addColumn('space_id', 'integer', (c) => c.notNull().references('spaces.id'))
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('request_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('actor', 'varchar(100)', (c) => c.notNull())
    .addColumn('role', 'varchar(40)', (c) => c.notNull())
    .addColumn('action', 'varchar(100)', (c) => c.notNull())
    .addColumn('target', 'varchar(200)')
    .addColumn('details', 'text')
    .addColumn('address', 'varchar(64)')
    .addColumn('user_agent', 'varchar(300)')
    .addColumn('result', 'varchar(8)', (c) => c.notNull())
    .addColumn('error_code', 'varchar(40)')
    .addPrimaryKeyConstraint('audit_entries_pk', ['space_id', 'seq'])
    .execute();
  await db.schema.createIndex('audit_entries_at').on('audit_entries').columns(['space_id', 'at']).execute();

  await sql`insert into spaces (id, org_code, created_at) values (${siteSpaceId}, 'admin', ${Date.now()})`.execute(db);
}
