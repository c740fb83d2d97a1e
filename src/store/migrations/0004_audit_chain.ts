import type { Kysely } from 'kysely';

// Each audit entry holds the hash of the previous one of its space: a changed, removed or inserted
// entry breaks the chain (`ilot audit verify`).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('audit_entries').addColumn('prev_hash', 'varchar(64)').execute();
  await db.schema.alterTable('audit_entries').addColumn('hash', 'varchar(64)').execute();
}
