import { resolve } from 'node:path';
import { sql, type Kysely, type QueryExecutorProvider, type SelectQueryBuilder } from 'kysely';
import { openDatabase, type SqliteOptions } from './connection.js';
import { IlotSqliteDialect } from './dialect.js';

// Another process holds the write lock past the busy timeout, or a read snapshot went stale.
const conflictCodes = new Set(['SQLITE_BUSY', 'SQLITE_BUSY_SNAPSHOT', 'SQLITE_LOCKED']);

/**
 * SQLite, for one node: one connection per process, and write transactions that hold the
 * database's write lock from their start (BEGIN IMMEDIATE, see dialect.ts), so writers run one at
 * a time and what PostgreSQL needs row locks for is already theirs. The engine's side of the
 * `EngineAdapter` contract (database.ts).
 */
export const sqliteEngine = {
  name: 'sqlite' as const,

  dialect(url: string, options: SqliteOptions) {
    return new IlotSqliteDialect(openDatabase(resolve(url.slice('sqlite:'.length)), options));
  },

  transaction<DB>(db: Kysely<DB>, readOnly: boolean) {
    return db.transaction().setAccessMode(readOnly ? 'read only' : 'read write');
  },

  isConflict(error: unknown): boolean {
    return conflictCodes.has((error as { code?: string })?.code ?? '');
  },

  async lockRow(): Promise<void> {},

  skipLocked<DB, TB extends keyof DB, O>(query: SelectQueryBuilder<DB, TB, O>): SelectQueryBuilder<DB, TB, O> {
    return query;
  },

  async tableExists(db: QueryExecutorProvider, name: string): Promise<boolean> {
    return (await sql`select 1 from sqlite_master where type = 'table' and name = ${name}`.execute(db)).rows.length > 0;
  },

  // The migrating transaction already holds the write lock: a second node waits on busy_timeout.
  async lockForMigrations(): Promise<void> {},
};
