import type { Kysely } from 'kysely';

// Files attached to personal notes. An upload is reserved first (its size counted against the
// volume quota), then written to the file store, then validated: only then does it become a file
// that sync sends. A reservation never validated is an orphan the task engine removes.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('uploads')
    .addColumn('space_id', 'integer', (c) => c.notNull().references('spaces.id'))
    .addColumn('id', 'varchar(16)', (c) => c.notNull())
    .addColumn('account_id', 'varchar(16)', (c) => c.notNull())
    .addColumn('subtree', 'varchar(16)', (c) => c.notNull())
    .addColumn('note_id', 'varchar(16)', (c) => c.notNull())
    .addColumn('name_tag', 'varchar(43)', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('meta', 'text', (c) => c.notNull())
    .addColumn('reserved_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('uploads_pk', ['space_id', 'id'])
    .execute();
  await db.schema.createIndex('uploads_age').on('uploads').column('reserved_at').execute();
  await db.schema.createIndex('uploads_note').on('uploads').columns(['space_id', 'note_id']).execute();

  await db.schema
    .createTable('files')
    .addColumn('space_id', 'integer', (c) => c.notNull().references('spaces.id'))
    .addColumn('id', 'varchar(16)', (c) => c.notNull())
    .addColumn('subtree', 'varchar(16)', (c) => c.notNull())
    .addColumn('note_id', 'varchar(16)', (c) => c.notNull())
    .addColumn('name_tag', 'varchar(43)', (c) => c.notNull())
    .addColumn('version', 'bigint', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('meta', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('files_pk', ['space_id', 'id'])
    .execute();
  await db.schema.createIndex('files_sync').on('files').columns(['space_id', 'subtree', 'version']).execute();
  await db.schema.createIndex('files_note').on('files').columns(['space_id', 'note_id', 'name_tag']).execute();
}
