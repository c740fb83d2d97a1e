import type { Kysely } from 'kysely';

// What an operator records when opening a space, the treasurer's sponsorship, accounts, avatars,
// and the index that keeps phrase prefixes unique within a space.
export async function up(db: Kysely<unknown>): Promise<void> {
  const columns: [string, 'integer' | 'bigint' | 'text'][] = [
    ['quota_documents', 'integer'],
    ['quota_volume_bytes', 'bigint'],
    ['quota_monthly_cents', 'integer'],
    ['max_accounts', 'integer'],
    ['notification', 'text'],
    ['notification_at', 'bigint'],
    ['signin_ban_at', 'bigint'],
    ['closing_message', 'text'],
    ['new_address', 'text'],
    ['purge_requested_at', 'bigint'],
  ];
  for (const [name, type] of columns) await db.schema.alterTable('spaces').addColumn(name, type).execute();

  await db.schema
    .createTable('phrase_prefixes')
    .addColumn('space_id', 'integer', (c) => c.notNull().references('spaces.id'))
    .addColumn('prefix_id', 'varchar(43)', (c) => c.notNull())
    .addColumn('kind', 'varchar(20)', (c) => c.notNull())
    .addColumn('owner', 'varchar(32)', (c) => c.notNull())
    .addPrimaryKeyConstraint('phrase_prefixes_pk', ['space_id', 'prefix_id'])
    .execute();

  await db.schema
    .createTable('sponsorships')
    .addColumn('space_id', 'integer', (c) => c.notNull().references('spaces.id'))
    .addColumn('id', 'varchar(16)', (c) => c.notNull())
    .addColumn('prefix_id', 'varchar(43)', (c) => c.notNull())
    .addColumn('auth_hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('sponsor', 'varchar(16)')
    .addColumn('role', 'varchar(40)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('used_at', 'bigint')
    .addPrimaryKeyConstraint('sponsorships_pk', ['space_id', 'id'])
    .execute();

  await db.schema
    .createTable('accounts')
    .addColumn('space_id', 'integer', (c) => c.notNull().references('spaces.id'))
    .addColumn('id', 'varchar(16)', (c) => c.notNull())
    .addColumn('prefix_id', 'varchar(43)', (c) => c.notNull())
    .addColumn('auth_hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('roles', 'varchar(40)', (c) => c.notNull())
    .addColumn('wrapped_account_key', 'text', (c) => c.notNull())
    .addColumn('wrapped_space_key', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint')
    .addPrimaryKeyConstraint('accounts_pk', ['space_id', 'id'])
    .execute();
  await db.schema.createIndex('accounts_prefix').on('accounts').columns(['space_id', 'prefix_id']).unique().execute();

  await db.schema
    .createTable('avatars')
    .addColumn('space_id', 'integer', (c) => c.notNull().references('spaces.id'))
    .addColumn('id', 'varchar(16)', (c) => c.notNull())
    .addColumn('account_id', 'varchar(16)', (c) => c.notNull())
    .addColumn('name', 'varchar(40)', (c) => c.notNull())
    .addColumn('ecdh_public_key', 'text', (c) => c.notNull())
    .addColumn('signing_public_key', 'text', (c) => c.notNull())
    .addColumn('wrapped_private_keys', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('avatars_pk', ['space_id', 'id'])
    .execute();
}
