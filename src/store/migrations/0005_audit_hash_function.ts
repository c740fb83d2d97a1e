import { PostgresAdapter, sql, type Kysely } from 'kysely';

// The audit chain is linked by the insert itself (one statement), which hashes in SQL. SQLite
// gets `ilot_sha256` from the process when the store opens; PostgreSQL gets it here, built on its
// own sha256.
export async function up(db: Kysely<unknown>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`create function ilot_sha256(input text) returns text language sql immutable strict parallel safe
    as $$ select encode(sha256(convert_to(input, 'UTF8')), 'hex') $$`.execute(db);
}
