import {
  SqliteDialect,
  SelectQueryNode,
  type CompiledQuery,
  type DatabaseConnection,
  type Driver,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';
import type BetterSqlite3 from 'better-sqlite3';

const statementCacheSize = 500;

/** The one connection, with its statements prepared once and kept (Kysely's own driver prepares every query anew). */
class SqliteConnection implements DatabaseConnection {
  private readonly statements = new Map<string, BetterSqlite3.Statement>();

  constructor(readonly database: BetterSqlite3.Database) {}

  statement(sql: string): BetterSqlite3.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.database.prepare(sql);
      // Map order is insertion order: drop the oldest when full.
      if (this.statements.size >= statementCacheSize) this.statements.delete(this.statements.keys().next().value!);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const statement = this.statement(query.sql);
    const parameters = query.parameters as unknown[];
    if (statement.reader) return { rows: statement.all(parameters) as R[] };
    const { changes, lastInsertRowid } = statement.run(parameters);
    return { rows: [], numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid) };
  }

  async *streamQuery<R>(query: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    if (!SelectQueryNode.is(query.query)) throw new Error('SQLite streams only select queries');
    for (const row of this.statement(query.sql).iterate(query.parameters)) yield { rows: [row as R] };
  }
}

/**
 * better-sqlite3 behind Kysely. Two choices differ from Kysely's SqliteDriver:
 * - write transactions open with BEGIN IMMEDIATE: a deferred transaction that reads then writes
 *   fails at once with SQLITE_BUSY when another connection wrote meanwhile, without waiting for
 *   the busy timeout; taking the write lock first makes writers queue on busy_timeout instead.
 *   Read-only transactions stay deferred, so they never wait for another process's writer (WAL).
 *   Within this process there is one connection: transactions, reads included, take turns, and
 *   better-sqlite3's wait for another process's lock blocks the event loop.
 * - statements are cached, which halves the cost of a short transaction.
 */
class IlotSqliteDriver implements Driver {
  private readonly connection: SqliteConnection;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    database: BetterSqlite3.Database,
    private readonly use: ConnectionTurns,
  ) {
    this.connection = new SqliteConnection(database);
  }

  async init(): Promise<void> {}

  // One connection: callers take turns.
  private release: (() => void) | undefined;

  async acquireConnection(): Promise<DatabaseConnection> {
    const previous = this.queue;
    let release!: () => void;
    this.queue = new Promise<void>((resolve) => (release = resolve));
    this.use.waiting++;
    await previous;
    this.use.waiting--;
    this.use.held = true;
    this.release = release;
    return this.connection;
  }

  async releaseConnection(): Promise<void> {
    const release = this.release;
    this.release = undefined;
    this.use.held = false;
    release?.();
  }

  async beginTransaction(_connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    this.connection.statement(settings.accessMode === 'read only' ? 'begin' : 'begin immediate').run();
  }

  async commitTransaction(): Promise<void> {
    this.connection.statement('commit').run();
  }

  // After some errors SQLite has already rolled back by itself; a second rollback would hide the
  // original error behind "no transaction is active".
  async rollbackTransaction(): Promise<void> {
    if (this.connection.database.inTransaction) this.connection.statement('rollback').run();
  }

  async savepoint(_connection: DatabaseConnection, name: string): Promise<void> {
    this.connection.database.exec(`savepoint "${name.replaceAll('"', '')}"`);
  }

  async rollbackToSavepoint(_connection: DatabaseConnection, name: string): Promise<void> {
    this.connection.database.exec(`rollback to "${name.replaceAll('"', '')}"`);
  }

  async releaseSavepoint(_connection: DatabaseConnection, name: string): Promise<void> {
    this.connection.database.exec(`release "${name.replaceAll('"', '')}"`);
  }

  async destroy(): Promise<void> {
    this.connection.database.close();
  }
}

/** Who has the one connection: whether a caller holds it, and how many wait for their turn. */
export interface ConnectionTurns {
  held: boolean;
  waiting: number;
}

/** Kysely's SQLite dialect (compiler, adapter, introspector) with Ilot's driver. */
export class IlotSqliteDialect extends SqliteDialect {
  readonly turns: ConnectionTurns = { held: false, waiting: 0 };

  constructor(private readonly database: BetterSqlite3.Database) {
    super({ database });
  }

  override createDriver(): Driver {
    return new IlotSqliteDriver(this.database, this.turns);
  }
}
