import { PostgresAdapter, sql, type Kysely } from 'kysely';

// Unlinkable avatars: only an account's primary avatar names its account. A secondary avatar keeps
// the hash of its own secret (the proof of ownership), its own lifetime and a creation month (as
// do the notes, files, tombstones and contacts of every avatar); the
// account keeps its list of secondary avatars sealed by the client (the keyring) and how many there
// are. Existing secondary avatars keep their link, as legacy, until their account's next sign-in
// moves them into its keyring. Uploads no longer name the account that reserved them. A session
// keeps the avatars it presented sealed under a key only its bearer token gives.
export async function up(db: Kysely<unknown>): Promise<void> {
  // Before secondary avatars existed, an account's only avatar was its primary one.
  await sql`update avatars set is_primary = 1 where is_primary is null`.execute(db);
  await db.schema.alterTable('avatars').addColumn('linked_account', 'varchar(16)').execute();
  await sql`update avatars set linked_account = account_id`.execute(db);
  await db.schema.dropIndex('avatars_account').execute();
  await db.schema.alterTable('avatars').dropColumn('account_id').execute();
  await db.schema.alterTable('avatars').renameColumn('linked_account', 'account_id').execute();
  await db.schema.createIndex('avatars_account').on('avatars').columns(['space_id', 'account_id']).execute();
  await db.schema.alterTable('avatars').addColumn('proof_hash', 'varchar(64)').execute();
  await db.schema.alterTable('avatars').addColumn('expires_at', 'bigint').execute();
  await db.schema.createIndex('avatars_expiry').on('avatars').column('expires_at').execute();

  await db.schema.alterTable('accounts').addColumn('keyring', 'text').execute();
  await db.schema
    .alterTable('accounts')
    .addColumn('keyring_revision', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('accounts')
    .addColumn('secondary_avatars', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await sql`update accounts set secondary_avatars = (select count(*) from avatars where avatars.space_id = accounts.space_id
    and avatars.account_id = accounts.id and avatars.is_primary = 0)`.execute(db);
  // A secondary avatar's times say no more than a month; its lifetime starts as its account's.
  await sql`update avatars set expires_at = (select accounts.expires_at from accounts where accounts.space_id = avatars.space_id
    and accounts.id = avatars.account_id) where is_primary = 0`.execute(db);
  // What an avatar holds says no more than a month of when it was written: the first instant of
  // the month, as the operations now record it.
  const monthOf = (column: string) =>
    db.getExecutor().adapter instanceof PostgresAdapter
      ? sql.raw(`(extract(epoch from date_trunc('month', to_timestamp(${column} / 1000.0) at time zone 'UTC')) * 1000)::bigint`)
      : sql.raw(`cast(strftime('%s', ${column} / 1000, 'unixepoch', 'start of month') as integer) * 1000`);
  await sql`update avatars set created_at = ${monthOf('created_at')} where is_primary = 0`.execute(db);
  await sql`update notes set created_at = ${monthOf('created_at')}, updated_at = ${monthOf('updated_at')}`.execute(db);
  await sql`update files set created_at = ${monthOf('created_at')}`.execute(db);
  await sql`update tombstones set deleted_at = ${monthOf('deleted_at')}`.execute(db);
  await sql`update contacts set created_at = ${monthOf('created_at')}`.execute(db);

  await db.schema.alterTable('sessions').addColumn('sealed_state', 'text').execute();
  await db.schema.alterTable('uploads').dropColumn('account_id').execute();
}
