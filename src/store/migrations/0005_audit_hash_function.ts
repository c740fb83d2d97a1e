import { PostgresAdapter, type Kysely } from 'kysely';
import { createAuditHashFunction } from '../postgres/functions.js';

// The audit chain is linked by the insert itself (one statement), which hashes in SQL. SQLite
// gets `ilot_sha256` from the process when the store opens; PostgreSQL gets it here.
export async function up(db: Kysely<unknown>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) await createAuditHashFunction(db);
}
