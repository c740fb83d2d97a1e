import type { Kysely } from 'kysely';

// What each account consumes per month (billing data, not quotas): documents read and written,
// file bytes uploaded and downloaded. Counted in memory and added here every few seconds.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('account_consumption')
    .addColumn('space_id', 'integer', (c) => c.notNull().references('spaces.id'))
    .addColumn('account_id', 'varchar(16)', (c) => c.notNull())
    .addColumn('month', 'varchar(7)', (c) => c.notNull())
    .addColumn('reads', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('writes', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('uploaded_bytes', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('downloaded_bytes', 'bigint', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('account_consumption_pk', ['space_id', 'account_id', 'month'])
    .execute();
}
