import { sql, type Kysely } from 'kysely';

// An account's usage (documents, volume) and consumption are kept masked: each figure plus a mask
// that only the account's sessions can compute (an HMAC, under a key derived from the account key,
// of the day it was drawn), so that a copy of the database cannot match an account's figures with
// the sizes and counts of the avatars that make them up (see domain/masks.ts). `mask_day` 0: not
// masked yet (until the account's next session that presents the key). The space's consumption
// totals, which billing and statistics read, are kept apart, in clear.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('accounts').addColumn('usage_key_hash', 'varchar(64)').execute();
  for (const table of ['account_usage', 'account_consumption'])
    await db.schema
      .alterTable(table)
      .addColumn('mask_day', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
  await db.schema
    .createTable('space_consumption')
    .addColumn('space_id', 'integer', (c) => c.notNull().references('spaces.id'))
    .addColumn('month', 'varchar(7)', (c) => c.notNull())
    .addColumn('reads', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('writes', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('uploaded_bytes', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('downloaded_bytes', 'bigint', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('space_consumption_pk', ['space_id', 'month'])
    .execute();
  await sql`insert into space_consumption (space_id, month, reads, writes, uploaded_bytes, downloaded_bytes)
    select space_id, month, sum(reads), sum(writes), sum(uploaded_bytes), sum(downloaded_bytes)
    from account_consumption group by space_id, month`.execute(db);
}
