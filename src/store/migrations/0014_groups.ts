import type { Kysely } from 'kysely';

// Groups: the group (its name and card sealed under its key, the host's columns), its members and
// their rights, invitations and the moderators' votes, the versions of the group key with each
// holder's sealed copy, and the group chat. A group is a subtree of its own: its version row in
// `subtree_versions` is keyed by the group id, and its notes may live in `notes` under it.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('groups')
    .addColumn('space_id', 'integer', (c) => c.notNull().references('spaces.id'))
    .addColumn('id', 'varchar(16)', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('card', 'text')
    .addColumn('card_key_version', 'integer')
    .addColumn('key_version', 'integer', (c) => c.notNull())
    .addColumn('rotation_due', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('unanimous', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('host_avatar_id', 'varchar(16)')
    .addColumn('max_notes', 'integer')
    .addColumn('max_volume_bytes', 'bigint')
    .addColumn('notes_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('volume_bytes', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('hostless_since', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('groups_pk', ['space_id', 'id'])
    .execute();

  await db.schema
    .createTable('group_members')
    .addColumn('space_id', 'integer', (c) => c.notNull().references('spaces.id'))
    .addColumn('group_id', 'varchar(16)', (c) => c.notNull())
    .addColumn('avatar_id', 'varchar(16)', (c) => c.notNull())
    .addColumn('state', 'varchar(10)', (c) => c.notNull())
    .addColumn('members_access', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('notes_access', 'varchar(5)', (c) => c.notNull().defaultTo('none'))
    .addColumn('moderator', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('members_waived', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('notes_waived', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('listed_by', 'varchar(16)')
    .addColumn('invited_by', 'varchar(16)')
    .addColumn('forgotten_by_self', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('card_key', 'text')
    .addColumn('card_key_version', 'integer')
    .addColumn('note', 'text')
    .addColumn('since', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('group_members_pk', ['space_id', 'group_id', 'avatar_id'])
    .execute();
  await db.schema.createIndex('group_members_avatar').on('group_members').columns(['space_id', 'avatar_id', 'state']).execute();

  await db.schema
    .createTable('group_invitations')
    .addColumn('space_id', 'integer', (c) => c.notNull().references('spaces.id'))
    .addColumn('group_id', 'varchar(16)', (c) => c.notNull())
    .addColumn('avatar_id', 'varchar(16)', (c) => c.notNull())
    .addColumn('invited_by', 'varchar(16)', (c) => c.notNull())
    .addColumn('members_access', 'integer', (c) => c.notNull())
    .addColumn('notes_access', 'varchar(5)', (c) => c.notNull())
    .addColumn('moderator', 'integer', (c) => c.notNull())
    .addColumn('unanimous', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('group_invitations_pk', ['space_id', 'group_id', 'avatar_id'])
    .execute();

  await db.schema
    .createTable('group_votes')
    .addColumn('space_id', 'integer', (c) => c.notNull().references('spaces.id'))
    .addColumn('group_id', 'varchar(16)', (c) => c.notNull())
    .addColumn('avatar_id', 'varchar(16)', (c) => c.notNull())
    .addColumn('moderator_id', 'varchar(16)', (c) => c.notNull())
    .addPrimaryKeyConstraint('group_votes_pk', ['space_id', 'group_id', 'avatar_id', 'moderator_id'])
    .execute();

  await db.schema
    .createTable('group_keys')
    .addColumn('space_id', 'integer', (c) => c.notNull().references('spaces.id'))
    .addColumn('group_id', 'varchar(16)', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('previous_key', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('group_keys_pk', ['space_id', 'group_id', 'version'])
    .execute();

  await db.schema
    .createTable('group_key_copies')
    .addColumn('space_id', 'integer', (c) => c.notNull().references('spaces.id'))
    .addColumn('group_id', 'varchar(16)', (c) => c.notNull())
    .addColumn('avatar_id', 'varchar(16)', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('sealed_key', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('group_key_copies_pk', ['space_id', 'group_id', 'avatar_id'])
    .execute();

  await db.schema
    .createTable('group_chat_items')
    .addColumn('space_id', 'integer', (c) => c.notNull().references('spaces.id'))
    .addColumn('group_id', 'varchar(16)', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('author_id', 'varchar(16)', (c) => c.notNull())
    .addColumn('key_version', 'integer', (c) => c.notNull())
    .addColumn('length', 'integer', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('group_chat_items_pk', ['space_id', 'group_id', 'seq'])
    .execute();
}
