import type { Kysely } from 'kysely';

// Group notes live in `notes` under their group's subtree: the version of the group key their
// payload is sealed under, the signed authorships of the members who wrote them, and the group
// hashtags moderators set (sealed under the group key). Each member's own hashtags on a group note
// are a document of the member avatar's subtree. A hostless group's members are told once before
// the daily task destroys it.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('notes').addColumn('key_version', 'integer').execute();
  await db.schema.alterTable('notes').addColumn('authors', 'text').execute();
  await db.schema.alterTable('notes').addColumn('group_hashtags', 'text').execute();

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
