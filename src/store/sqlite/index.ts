import { stat } from 'node:fs/promises';
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
    const dialect = new IlotSqliteDialect(openDatabase(resolve(url.slice('sqlite:'.length)), options));
    // One connection per process: in use or free, and the transactions queued for it.
    const connections = () => ({
      size: 1,
      busy: Number(dialect.turns.held),
      idle: Number(!dialect.turns.held),
      waiting: dialect.turns.waiting,
    });
    return { dialect, connections };
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

  /**
   * `optimize` analyzes the tables whose statistics are missing or stale (bounded by
   * analysis_limit, since SQLite blocks the event loop while it works). The checkpoint then copies
   * the write-ahead log into the database and truncates it, giving its space back. Both run with no
   * busy timeout, so they never wait for another process's reader or writer: what they hold is left
   * for the next run (reported as `busy`), the checkpoint doing what it can as a PASSIVE one would.
   */
  async maintain<DB>(db: Kysely<DB>) {
    return db.connection().execute(async (connection) => {
      const pragma = async <T>(text: string) => (await sql.raw<T>(`pragma ${text}`).execute(connection)).rows[0]!;
      const { timeout } = await pragma<{ timeout: number }>('busy_timeout');
      await pragma('busy_timeout = 0');
      try {
        await pragma('analysis_limit = 1000');
        // ANALYZE writes its statistics: another process's writer makes it busy.
        const optimized = await pragma('optimize = 0x10002').then(
          () => true,
          (error: unknown) => {
            if (!conflictCodes.has((error as { code?: string }).code ?? '')) throw error;
            return false;
          },
        );
        const result = await pragma<{ busy: number; log: number; checkpointed: number }>('wal_checkpoint(truncate)');
        return { optimized, checkpointBusy: result.busy === 1, walPages: result.log, pagesCheckpointed: result.checkpointed };
      } finally {
        await pragma(`busy_timeout = ${Number(timeout)}`);
      }
    });
  },

  // The database file's pages, and the write-ahead log beside it (until a checkpoint empties it).
  async bytes(db: QueryExecutorProvider): Promise<number> {
    const pragma = async <T>(name: string) => (await sql.raw<T>(`pragma ${name}`).execute(db)).rows[0]!;
    const { page_count } = await pragma<{ page_count: number }>('page_count');
    const { page_size } = await pragma<{ page_size: number }>('page_size');
    const { file } = await pragma<{ file: string }>('database_list');
    const wal = await stat(`${file}-wal`).catch(() => ({ size: 0 }));
    return page_count * page_size + wal.size;
  },
};
