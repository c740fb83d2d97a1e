import type { Kysely } from 'kysely';

// A group leaves unanimous mode only once every moderator asked for it: each request is a row here,
// until the last one switches the group to simple mode and clears them.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('group_mode_votes')
    .addColumn('space_id', 'integer', (c) => c.notNull().references('spaces.id'))
    .addColumn('group_id', 'varchar(16)', (c) => c.notNull())
    .addColumn('moderator_id', 'varchar(16)', (c) => c.notNull())
    .addPrimaryKeyConstraint('group_mode_votes_pk', ['space_id', 'group_id', 'moderator_id'])
    .execute();
}
