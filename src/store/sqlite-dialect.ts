import { CompiledQuery, SqliteDialect, SqliteDriver, type DatabaseConnection, type Driver, type SqliteDialectConfig, type TransactionSettings } from 'kysely';
import type BetterSqlite3 from 'better-sqlite3';

// Kysely opens SQLite transactions with a deferred BEGIN. A deferred transaction that reads and
// then writes fails at once with SQLITE_BUSY when another connection wrote meanwhile, without
// waiting for the busy timeout; BEGIN IMMEDIATE takes the write lock first, so concurrent writers
// queue on busy_timeout instead. Read-only transactions stay deferred so readers never wait.
class ImmediateSqliteDriver extends SqliteDriver {
  constructor(
    config: SqliteDialectConfig,
    private readonly database: BetterSqlite3.Database,
  ) {
    super(config);
  }

  override async beginTransaction(connection: DatabaseConnection, settings?: TransactionSettings): Promise<void> {
    const begin = settings?.accessMode === 'read only' ? 'begin' : 'begin immediate';
    await connection.executeQuery(CompiledQuery.raw(begin));
  }

  // After some errors SQLite has already rolled back by itself; a second rollback would hide the
  // original error behind "no transaction is active".
  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    if (this.database.inTransaction) await super.rollbackTransaction(connection);
  }
}

export class IlotSqliteDialect extends SqliteDialect {
  constructor(private readonly database: BetterSqlite3.Database) {
    super({ database });
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver({ database: this.database }, this.database);
  }
}
