import type { Kysely } from 'kysely';

// Membership: space options, partitions, sponsorships with their conditions, account facts,
// avatar cards and contact phrases, contacts.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('spaces')
    .addColumn('accepts_a_accounts', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('spaces')
    .addColumn('lifetime_months', 'integer', (c) => c.notNull().defaultTo(12))
    .execute();

  await db.schema
    .createTable('partitions')
    .addColumn('space_id', 'integer', (c) => c.notNull().references('spaces.id'))
    .addColumn('id', 'varchar(16)', (c) => c.notNull())
    .addColumn('name', 'varchar(60)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('partitions_pk', ['space_id', 'id'])
    .execute();

  const sponsorshipColumns: [string, 'integer' | 'bigint' | 'text' | 'varchar(16)' | 'varchar(40)' | 'varchar(12)'][] = [
    ['sponsor_avatar', 'varchar(16)'],
    ['state', 'varchar(12)'],
    ['expires_at', 'bigint'],
    ['name', 'varchar(40)'],
    ['kind', 'varchar(12)'],
    ['partition_id', 'varchar(16)'],
    ['quota_documents', 'integer'],
    ['quota_volume_bytes', 'bigint'],
    ['delegate', 'integer'],
    ['gift_cents', 'integer'],
    ['no_contact', 'integer'],
    ['sealed', 'text'],
    ['key_for_phrase', 'text'],
    ['key_for_sponsor', 'text'],
    ['answer', 'text'],
    ['answered_at', 'bigint'],
    ['account_id', 'varchar(16)'],
  ];
  for (const [name, type] of sponsorshipColumns) await db.schema.alterTable('sponsorships').addColumn(name, type).execute();
  await db.schema.createIndex('sponsorships_sponsor').on('sponsorships').columns(['space_id', 'sponsor']).execute();

  const accountColumns: [string, 'integer' | 'bigint' | 'varchar(16)' | 'varchar(1)'][] = [
    ['kind', 'varchar(1)'],
    ['partition_id', 'varchar(16)'],
    ['quota_documents', 'integer'],
    ['quota_volume_bytes', 'bigint'],
    ['gift_cents', 'integer'],
  ];
  for (const [name, type] of accountColumns) await db.schema.alterTable('accounts').addColumn(name, type).execute();

  const avatarColumns: [string, 'integer' | 'text' | 'varchar(43)' | 'varchar(64)'][] = [
    ['is_primary', 'integer'],
    ['wrapped_card_key', 'text'],
    ['card', 'text'],
    ['contact_prefix_id', 'varchar(43)'],
    ['contact_auth_hash', 'varchar(64)'],
    ['contact_card_key', 'text'],
  ];
  for (const [name, type] of avatarColumns) await db.schema.alterTable('avatars').addColumn(name, type).execute();
  await db.schema.createIndex('avatars_account').on('avatars').columns(['space_id', 'account_id']).execute();

  await db.schema
    .createTable('contacts')
    .addColumn('space_id', 'integer', (c) => c.notNull().references('spaces.id'))
    .addColumn('avatar_id', 'varchar(16)', (c) => c.notNull())
    .addColumn('contact_id', 'varchar(16)', (c) => c.notNull())
    .addColumn('card_key', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('origin', 'varchar(12)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('contacts_pk', ['space_id', 'avatar_id', 'contact_id'])
    .execute();
}
