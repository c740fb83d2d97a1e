import { sql, type Kysely } from 'kysely';

// The licence dashboard and the statistics: the last quota warning reported for each measure of a
// space or of one of its partitions (so that a threshold is reported once per crossing), and the
// monthly figures of each partition beside the space's own (`space_stats`).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('quota_warnings')
    .addColumn('space_id', 'integer', (c) => c.notNull())
    // '' for the space itself, else a partition id.
    .addColumn('scope', 'varchar(16)', (c) => c.notNull())
    .addColumn('measure', 'varchar(16)', (c) => c.notNull())
    .addColumn('level', 'integer', (c) => c.notNull())
    .addColumn('used', 'bigint', (c) => c.notNull())
    .addColumn('quota', 'bigint', (c) => c.notNull())
    .addColumn('reported_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('quota_warnings_pk', ['space_id', 'scope', 'measure'])
    .execute();
  await db.schema
    .createTable('partition_stats')
    .addColumn('space_id', 'integer', (c) => c.notNull())
    .addColumn('month', 'varchar(7)', (c) => c.notNull())
    .addColumn('partition_id', 'varchar(16)', (c) => c.notNull())
    .addColumn('figures', 'text', (c) => c.notNull())
    .addColumn('frozen', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('computed_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('partition_stats_pk', ['space_id', 'month', 'partition_id'])
    .execute();
  // The quota watch kept its records among the site settings before.
  await sql`delete from site_settings where key like 'mail.quotaAlert:%'`.execute(db);
}
