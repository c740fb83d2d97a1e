import type { Kysely } from 'kysely';

// Notifications of a partition (to all its accounts) and of an account, posted by the treasurer or a
// delegate of the partition, each with an optional restriction ('read-only' or 'minimal'). At most
// one per target: posting again replaces it. The space's own notification stays on `spaces`.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('notifications')
    .addColumn('space_id', 'integer', (c) => c.notNull().references('spaces.id'))
    .addColumn('scope', 'varchar(10)', (c) => c.notNull())
    .addColumn('target_id', 'varchar(17)', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('restriction', 'varchar(10)')
    .addColumn('by_role', 'varchar(24)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('notifications_pk', ['space_id', 'scope', 'target_id'])
    .execute();
}
