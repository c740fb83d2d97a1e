import {
  Kysely,
  PostgresAdapter,
  sql,
  type Dialect,
  type QueryExecutorProvider,
  type SelectQueryBuilder,
  type Transaction,
  type TransactionBuilder,
} from 'kysely';
import type { Database } from './schema.js';
import { sqliteEngine } from './sqlite/index.js';
import { postgresEngine } from './postgres/index.js';
import { redactSecrets } from '../shared/redact.js';
import { IlotError } from '../shared/errors.js';

export type Engine = 'sqlite' | 'postgres';
export type Tx = Transaction<Database>;

export interface StoreOptions {
  url: string;
  poolSize?: number;
  busyTimeoutMs?: number;
  /** SQLite's `synchronous` (default `normal`); PostgreSQL has its own (`synchronous_commit`, set on the server). */
  synchronous?: 'normal' | 'full';
}

export interface TransactionOptions {
  readOnly?: boolean;
  /** Attempts in all when the database reports a busy or serialization conflict (default 6). */
  attempts?: number;
}

/** Messages between the nodes that share a database (see `Store.openChannel`). */
export interface MessageChannel {
  /** The longest payload `send` takes. */
  readonly maxPayload: number;
  send(payload: string): Promise<void>;
  close(): Promise<void>;
}

/** What the connections to the database are doing, at one instant (for metrics). */
export interface ConnectionUse {
  /** Connections this node may hold at most. */
  size: number;
  /** Connections running a query or a transaction now. */
  busy: number;
  /** Connections open and free. */
  idle: number;
  /** Callers queued for a connection. */
  waiting: number;
}

/** What a maintenance run did, for the task's log: counts, and names of what it touched. */
export type MaintenanceReport = Readonly<Record<string, number | boolean | string[]>>;

/** The site database behind one interface, whatever the engine. */
export interface Store {
  readonly engine: Engine;
  readonly db: Kysely<Database>;
  /** The URL without its password, for logs and messages. */
  readonly description: string;
  /**
   * Runs `body` in one transaction, again from the start when the engine reports a conflict
   * (`body` must only touch the database). SQLite: the write lock is taken at the start, so writers
   * run one at a time. PostgreSQL: read committed (serializable made concurrent sign-ins retry on
   * false conflicts in shared index pages); invariants rest on unique keys (a violation is retried,
   * and the retry sees the committed row), conditional updates, or `lockRow`. Reads: a snapshot.
   */
  transaction<T>(body: (tx: Tx, attempt: number) => Promise<T>, options?: TransactionOptions): Promise<T>;
  /**
   * Opens a channel to the other nodes that share this database, on the engines where several
   * may (PostgreSQL: LISTEN/NOTIFY on a connection of its own); absent on SQLite, which serves one
   * node. `receive` gets every message sent on the channel, its own included.
   */
  readonly openChannel?: (receive: (payload: string) => void, lost: (error: Error) => void) => Promise<MessageChannel>;
  /** Throws when the database cannot answer. */
  ping(): Promise<void>;
  /**
   * Routine upkeep for the daily `db.maintenance` task: fresh planner statistics, and space given
   * back. Never waits for another transaction's locks: what cannot be done now is done next time.
   */
  maintain(): Promise<MaintenanceReport>;
  /** Bytes the site's database takes: tables and indexes (and SQLite's write-ahead log). */
  bytes(): Promise<number>;
  connections(): ConnectionUse;
  close(): Promise<void>;
}

/**
 * What differs between the engines; each engine's folder provides one (src/store/sqlite/,
 * src/store/postgres/) and imports nothing of the rest of the store. Code outside src/store sees
 * only the `Store` and the functions below, never the engine's name.
 */
export interface EngineAdapter {
  readonly name: Engine;
  /** The engine's driver for `url`, connected or opened as far as it does eagerly, and what its connections are doing. */
  dialect(url: string, options: Required<Omit<StoreOptions, 'url'>>): { dialect: Dialect; connections: () => ConnectionUse };
  /** One attempt of `Store.transaction`: its isolation and access mode. */
  transaction<DB>(db: Kysely<DB>, readOnly: boolean): TransactionBuilder<DB>;
  /** True for the errors after which running the same transaction again may succeed. */
  isConflict(error: unknown): boolean;
  lockRow(tx: Tx, table: 'spaces', id: number): Promise<void>;
  skipLocked<DB, TB extends keyof DB, O>(query: SelectQueryBuilder<DB, TB, O>): SelectQueryBuilder<DB, TB, O>;
  tableExists(db: QueryExecutorProvider, name: string): Promise<boolean>;
  /** Makes the nodes that migrate the database at once take turns until the caller's transaction ends. */
  lockForMigrations(tx: QueryExecutorProvider): Promise<void>;
  openChannel?(url: string, receive: (payload: string) => void, lost: (error: Error) => void): Promise<MessageChannel>;
  maintain(db: Kysely<Database>): Promise<MaintenanceReport>;
  bytes(db: QueryExecutorProvider): Promise<number>;
}

const engines: Record<Engine, EngineAdapter> = { sqlite: sqliteEngine, postgres: postgresEngine };

/** The engine a store's database or transaction runs on (for src/store's own modules). */
export function engineOf(db: QueryExecutorProvider): EngineAdapter {
  return db.getExecutor().adapter instanceof PostgresAdapter ? engines.postgres : engines.sqlite;
}

/** The database could not be opened or reached at start. */
export class DatabaseUnreachableError extends Error {
  constructor(description: string, cause: unknown) {
    super(`Cannot reach the database ${description}: ${reason(cause)}`);
    this.name = 'DatabaseUnreachableError';
  }
}

function reason(cause: unknown): string {
  const error = cause as NodeJS.ErrnoException & { errors?: Error[] };
  if (error?.errors?.length) return error.errors.map((e) => e.message).join('; ');
  return error?.code && !String(error.message).includes(error.code) ? `${error.message} (${error.code})` : String(error?.message ?? cause);
}

/** Opens the database named by `url` and checks that it answers. */
export async function openStore(options: StoreOptions): Promise<Store> {
  const description = redactSecrets(options.url);
  const engine = options.url.startsWith('sqlite:') ? engines.sqlite : engines.postgres;
  let driver: ReturnType<EngineAdapter['dialect']>;
  try {
    driver = engine.dialect(options.url, {
      poolSize: options.poolSize ?? 10,
      busyTimeoutMs: options.busyTimeoutMs ?? 5000,
      synchronous: options.synchronous ?? 'normal',
    });
  } catch (error) {
    throw new DatabaseUnreachableError(description, error);
  }
  const store = makeStore(engine, new Kysely<Database>({ dialect: driver.dialect }), driver.connections, options.url, description);
  try {
    await store.ping();
  } catch (error) {
    await store.close().catch(() => undefined);
    throw new DatabaseUnreachableError(description, error);
  }
  return store;
}

function makeStore(engine: EngineAdapter, db: Kysely<Database>, connections: () => ConnectionUse, url: string, description: string): Store {
  let closed = false;
  const { openChannel } = engine;
  return {
    engine: engine.name,
    db,
    description,
    async transaction(body, options = {}) {
      const attempts = options.attempts ?? 6;
      for (let attempt = 1; ; attempt++) {
        try {
          return await engine.transaction(db, options.readOnly ?? false).execute((tx) => body(tx, attempt));
        } catch (error) {
          if (!engine.isConflict(error)) throw error;
          if (attempt >= attempts) throw new IlotError('DB_BUSY', undefined, { attempts });
          await backOff(attempt);
        }
      }
    },
    openChannel: openChannel && ((receive, lost) => openChannel(url, receive, lost)),
    async ping() {
      if (closed) throw new Error('the store is closed');
      await sql`select 1`.execute(db);
    },
    maintain: () => engine.maintain(db),
    bytes: () => engine.bytes(db),
    connections,
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy();
    },
  };
}

function backOff(attempt: number): Promise<void> {
  const ms = Math.min(200, 5 * 2 ** attempt) * (0.5 + Math.random());
  return new Promise((done) => setTimeout(done, ms));
}

/**
 * Serializes the transactions that call it on the same row until they commit: PostgreSQL takes the
 * row's lock; SQLite's writers already run one at a time. For invariants no key can hold (a count,
 * a maximum).
 */
export async function lockRow(tx: Tx, table: 'spaces', id: number): Promise<void> {
  await engineOf(tx).lockRow(tx, table, id);
}

/**
 * The select with the rows it returns held by the transaction until it ends, and without the rows
 * another transaction holds, so that concurrent transactions take different rows (PostgreSQL: FOR
 * UPDATE SKIP LOCKED; SQLite: as it is, its writers run one at a time).
 */
export function skipLocked<TB extends keyof Database, O>(
  tx: Tx,
  query: SelectQueryBuilder<Database, TB, O>,
): SelectQueryBuilder<Database, TB, O> {
  return engineOf(tx).skipLocked(query);
}
