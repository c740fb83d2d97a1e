import { sql, type Kysely } from 'kysely';

// Partitions get their share of the space's quotas and may be archived; the space reserves a share
// for A accounts and says whether switching an O account to A needs its consent. An account's
// agreement to switch (its consent to O→A, or its request for A→O) is a row that the switch consumes.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('partitions')
    .addColumn('quota_documents', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('partitions')
    .addColumn('quota_volume_bytes', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('partitions').addColumn('archived_at', 'bigint').execute();
  await db.schema
    .alterTable('spaces')
    .addColumn('a_share_documents', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('spaces')
    .addColumn('a_share_volume_bytes', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('spaces')
    .addColumn('switch_to_a_needs_consent', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  // Spaces opened before: their first partition holds the whole of the space's quotas, as at an opening now.
  await sql`
    update partitions set
      quota_documents = coalesce((select s.quota_documents from spaces s where s.id = partitions.space_id), 0),
      quota_volume_bytes = coalesce((select s.quota_volume_bytes from spaces s where s.id = partitions.space_id), 0)
    where created_at = (select min(p.created_at) from partitions p where p.space_id = partitions.space_id)
  `.execute(db);
  await db.schema
    .createTable('switch_agreements')
    .addColumn('space_id', 'integer', (c) => c.notNull().references('spaces.id'))
    .addColumn('account_id', 'varchar(16)', (c) => c.notNull())
    .addColumn('to_kind', 'varchar(1)', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('switch_agreements_pk', ['space_id', 'account_id'])
    .execute();
}
