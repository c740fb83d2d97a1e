import type { Kysely } from 'kysely';

// The daily statistics sum a space's accounts by partition and kind: an index holding those columns
// answers without reading the accounts' rows (wide with their keys), already in the group's order.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('accounts_figures')
    .on('accounts')
    .columns(['space_id', 'partition_id', 'kind', 'quota_documents', 'quota_volume_bytes'])
    .execute();
}
