import type { Kysely } from 'kysely';

// Chats between two avatars: the chat (its plain-text total, its next item number), each avatar's
// side (its wrapped chat key, hung up or not, counted as a document or not, the version of its
// subtree that last changed it), and the items (ciphertext). The treasurer's alert address for
// urgent items, if the treasurer gives one.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('chats')
    .addColumn('space_id', 'integer', (c) => c.notNull().references('spaces.id'))
    .addColumn('id', 'varchar(17)', (c) => c.notNull())
    .addColumn('urgent', 'integer', (c) => c.notNull())
    .addColumn('total', 'integer', (c) => c.notNull())
    .addColumn('next_seq', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('chats_pk', ['space_id', 'id'])
    .execute();

  await db.schema
    .createTable('chat_sides')
    .addColumn('space_id', 'integer', (c) => c.notNull().references('spaces.id'))
    .addColumn('avatar_id', 'varchar(16)', (c) => c.notNull())
    .addColumn('other_id', 'varchar(16)', (c) => c.notNull())
    .addColumn('chat_id', 'varchar(17)', (c) => c.notNull())
    .addColumn('wrapped_key', 'text', (c) => c.notNull())
    .addColumn('hung_up', 'integer', (c) => c.notNull())
    .addColumn('cleared_to', 'integer', (c) => c.notNull())
    .addColumn('counted', 'integer', (c) => c.notNull())
    .addColumn('version', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('chat_sides_pk', ['space_id', 'avatar_id', 'other_id'])
    .execute();
  await db.schema.createIndex('chat_sides_chat').on('chat_sides').columns(['space_id', 'chat_id']).execute();
  await db.schema.createIndex('chat_sides_sync').on('chat_sides').columns(['space_id', 'avatar_id', 'version']).execute();

  await db.schema
    .createTable('chat_items')
    .addColumn('space_id', 'integer', (c) => c.notNull().references('spaces.id'))
    .addColumn('chat_id', 'varchar(17)', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('author', 'varchar(16)', (c) => c.notNull())
    .addColumn('length', 'integer', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('chat_items_pk', ['space_id', 'chat_id', 'seq'])
    .execute();

  await db.schema.alterTable('accounts').addColumn('alert_address', 'varchar(254)').execute();
  await db.schema.alterTable('accounts').addColumn('alert_language', 'varchar(2)').execute();
}
