import type { Kysely } from 'kysely';

// Personal notes and what sync needs: a version counter per subtree (an avatar, later a group),
// the version of each document's last change, tombstones of deleted documents, and each
// account's usage against its quotas.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('subtree_versions')
    .addColumn('space_id', 'integer', (c) => c.notNull().references('spaces.id'))
    .addColumn('subtree', 'varchar(16)', (c) => c.notNull())
    .addColumn('version', 'bigint', (c) => c.notNull())
    .addColumn('tombstones_purged_to', 'bigint', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('subtree_versions_pk', ['space_id', 'subtree'])
    .execute();

  await db.schema
    .createTable('notes')
    .addColumn('space_id', 'integer', (c) => c.notNull().references('spaces.id'))
    .addColumn('id', 'varchar(16)', (c) => c.notNull())
    .addColumn('subtree', 'varchar(16)', (c) => c.notNull())
    .addColumn('parent_id', 'varchar(16)')
    .addColumn('version', 'bigint', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('notes_pk', ['space_id', 'id'])
    .execute();
  await db.schema.createIndex('notes_sync').on('notes').columns(['space_id', 'subtree', 'version']).execute();
  await db.schema.createIndex('notes_parent').on('notes').columns(['space_id', 'parent_id']).execute();

  await db.schema
    .createTable('tombstones')
    .addColumn('space_id', 'integer', (c) => c.notNull().references('spaces.id'))
    .addColumn('subtree', 'varchar(16)', (c) => c.notNull())
    .addColumn('id', 'varchar(16)', (c) => c.notNull())
    .addColumn('version', 'bigint', (c) => c.notNull())
    .addColumn('deleted_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('tombstones_pk', ['space_id', 'subtree', 'id'])
    .execute();
  await db.schema.createIndex('tombstones_sync').on('tombstones').columns(['space_id', 'subtree', 'version']).execute();
  await db.schema.createIndex('tombstones_age').on('tombstones').column('deleted_at').execute();

  await db.schema
    .createTable('account_usage')
    .addColumn('space_id', 'integer', (c) => c.notNull().references('spaces.id'))
    .addColumn('account_id', 'varchar(16)', (c) => c.notNull())
    .addColumn('documents', 'integer', (c) => c.notNull())
    .addColumn('volume_bytes', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('account_usage_pk', ['space_id', 'account_id'])
    .execute();
}
