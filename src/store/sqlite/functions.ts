import { createHash } from 'node:crypto';
import type BetterSqlite3 from 'better-sqlite3';

/**
 * The SQL functions Ilot's statements call, registered on each connection by the process
 * (PostgreSQL creates the same in migrations: see postgres/functions.ts).
 */
export function registerFunctions(database: BetterSqlite3.Database): void {
  // The hash the audit chain is linked with: hex SHA-256 of the text's UTF-8.
  database.function('ilot_sha256', { deterministic: true }, (text) => createHash('sha256').update(String(text)).digest('hex'));
}
