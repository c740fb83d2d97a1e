import type { Kysely } from 'kysely';

// An account's usage (documents, volume) is kept masked: each figure plus a mask that only the
// account's sessions can compute (an HMAC, under a key derived from the account key, of the day it
// was drawn), so that a copy of the database cannot match an account's total with the sizes of the
// avatars that make it up. `mask_day` 0: not masked yet (until the account's next sign-in).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('accounts').addColumn('usage_key_hash', 'varchar(64)').execute();
  await db.schema
    .alterTable('account_usage')
    .addColumn('mask_day', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}
