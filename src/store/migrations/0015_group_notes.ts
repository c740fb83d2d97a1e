import type { Kysely } from 'kysely';

// Group notes live in `notes` under their group's subtree, with the version of the group key their
// payload is sealed under and the group hashtags moderators set (sealed under the group key); the
// signed authorships of the members who wrote them are rows of their own (so that a space moved to
// another site re-keys their avatars). Each member's own hashtags on a group note are a document of
// the member avatar's subtree. A hostless group's members are told once before the daily task
// destroys it.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('notes').addColumn('key_version', 'integer').execute();
  await db.schema.alterTable('notes').addColumn('group_hashtags', 'text').execute();

  await db.schema
    .createTable('group_note_authors')
    .addColumn('space_id', 'integer', (c) => c.notNull().references('spaces.id'))
    .addColumn('note_id', 'varchar(16)', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('subtree', 'varchar(16)', (c) => c.notNull())
    .addColumn('avatar_id', 'varchar(16)', (c) => c.notNull())
    .addColumn('key_version', 'integer', (c) => c.notNull())
    .addColumn('digest', 'varchar(43)', (c) => c.notNull())
    .addColumn('signature', 'varchar(86)', (c) => c.notNull())
    .addPrimaryKeyConstraint('group_note_authors_pk', ['space_id', 'note_id', 'seq'])
    .execute();
  await db.schema.createIndex('group_note_authors_subtree').on('group_note_authors').columns(['space_id', 'subtree']).execute();

  await db.schema
    .createTable('group_note_hashtags')
    .addColumn('space_id', 'integer', (c) => c.notNull().references('spaces.id'))
    .addColumn('id', 'varchar(16)', (c) => c.notNull())
    .addColumn('subtree', 'varchar(16)', (c) => c.notNull())
    .addColumn('note_id', 'varchar(16)', (c) => c.notNull())
    .addColumn('version', 'bigint', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('group_note_hashtags_pk', ['space_id', 'id'])
    .addUniqueConstraint('group_note_hashtags_note', ['space_id', 'subtree', 'note_id'])
    .execute();
  await db.schema.createIndex('group_note_hashtags_sync').on('group_note_hashtags').columns(['space_id', 'subtree', 'version']).execute();

  await db.schema.alterTable('groups').addColumn('hostless_noticed_at', 'bigint').execute();
}
