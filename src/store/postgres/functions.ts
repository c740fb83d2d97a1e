import { sql, type Kysely } from 'kysely';

/**
 * `ilot_sha256`, the hash the audit chain is linked with (hex SHA-256 of the text's UTF-8), built
 * on PostgreSQL's own sha256; SQLite gets it from the process (sqlite/functions.ts). Migration 0005
 * creates it, so this text stays as it is: a new definition takes a new migration.
 */
export async function createAuditHashFunction(db: Kysely<unknown>): Promise<void> {
  await sql`create function ilot_sha256(input text) returns text language sql immutable strict parallel safe
    as $$ select encode(sha256(convert_to(input, 'UTF8')), 'hex') $$`.execute(db);
}
