import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, sql, type Transaction } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.js';
import { IlotSqliteDialect } from './sqlite-dialect.js';
import { preparingPool } from './postgres-pool.js';
import { redactSecrets } from '../shared/redact.js';
import { IlotError } from '../shared/errors.js';

export type Engine = 'sqlite' | 'postgres';
export type Tx = Transaction<Database>;

export interface StoreOptions {
  url: string;
  poolSize?: number;
  busyTimeoutMs?: number;
}

export interface TransactionOptions {
  readOnly?: boolean;
  /** Attempts in all when the database reports a busy or serialization conflict (default 6). */
  attempts?: number;
}

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
  /** Throws when the database cannot answer. */
  ping(): Promise<void>;
  close(): Promise<void>;
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
  const store = options.url.startsWith('sqlite:') ? openSqlite(options, description) : openPostgres(options, description);
  try {
    await store.ping();
  } catch (error) {
    await store.close().catch(() => undefined);
    throw new DatabaseUnreachableError(description, error);
  }
  return store;
}

function openSqlite(options: StoreOptions, description: string): Store {
  const file = resolve(options.url.slice('sqlite:'.length));
  let database: BetterSqlite3.Database;
  try {
    mkdirSync(dirname(file), { recursive: true });
    database = new BetterSqlite3(file, { timeout: options.busyTimeoutMs ?? 5000 });
    database.pragma('journal_mode = WAL');
    database.pragma('synchronous = NORMAL');
    database.pragma('foreign_keys = ON');
    // The hash the audit chain is linked with (PostgreSQL: a function created by a migration).
    database.function('ilot_sha256', { deterministic: true }, (text) => createHash('sha256').update(String(text)).digest('hex'));
  } catch (error) {
    throw new DatabaseUnreachableError(description, error);
  }
  const db = new Kysely<Database>({ dialect: new IlotSqliteDialect(database) });
  return makeStore('sqlite', db, description, (body, readOnly) =>
    db.transaction().setAccessMode(readOnly ? 'read only' : 'read write').execute(body),
  );
}

function openPostgres(options: StoreOptions, description: string): Store {
  // The URL's own `options` (e.g. a search_path) would override ours: merge them into one.
  if (!URL.canParse(options.url)) throw new DatabaseUnreachableError(description, new Error('not a valid URL'));
  const url = new URL(options.url);
  const serverOptions = [url.searchParams.get('options'), `-c lock_timeout=${options.busyTimeoutMs ?? 5000}`].filter(Boolean).join(' ');
  url.searchParams.delete('options');
  const pool = new pg.Pool({
    connectionString: url.toString(),
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: 5000,
    // Statements wait for locks no longer than the busy timeout, as on SQLite.
    options: serverOptions,
    // int8 holds millisecond timestamps and counters, all below 2^53.
    types: { getTypeParser: (oid: number, format?: string) => (oid === 20 ? Number : pg.types.getTypeParser(oid, format as 'text')) } as pg.CustomTypesConfig,
  });
  // An idle client losing its server must not crash the process; the next query reports it.
  pool.on('error', () => undefined);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: preparingPool(pool) }) });
  return makeStore('postgres', db, description, (body, readOnly) =>
    db
      .transaction()
      .setIsolationLevel(readOnly ? 'repeatable read' : 'read committed')
      .setAccessMode(readOnly ? 'read only' : 'read write')
      .execute(body),
  );
}

type RunOnce = <T>(body: (tx: Tx) => Promise<T>, readOnly: boolean) => Promise<T>;

function makeStore(engine: Engine, db: Kysely<Database>, description: string, runOnce: RunOnce): Store {
  let closed = false;
  return {
    engine,
    db,
    description,
    async transaction(body, options = {}) {
      const attempts = options.attempts ?? 6;
      for (let attempt = 1; ; attempt++) {
        try {
          return await runOnce((tx) => body(tx, attempt), options.readOnly ?? false);
        } catch (error) {
          if (!isConflict(error)) throw error;
          if (attempt >= attempts) throw new IlotError('DB_BUSY', undefined, { attempts });
          await backOff(attempt);
        }
      }
    },
    async ping() {
      if (closed) throw new Error('the store is closed');
      await sql`select 1`.execute(db);
    },
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy();
    },
  };
}

const conflictCodes = new Set([
  '23505', // unique_violation: a concurrent transaction took the key; the retry sees it
  '40001', // serialization_failure
  '40P01', // deadlock_detected
  '55P03', // lock_not_available (lock_timeout)
  'SQLITE_BUSY',
  'SQLITE_BUSY_SNAPSHOT',
  'SQLITE_LOCKED',
]);

/** True for the errors after which running the same transaction again may succeed. */
export function isConflict(error: unknown): boolean {
  return conflictCodes.has((error as { code?: string })?.code ?? '');
}

function backOff(attempt: number): Promise<void> {
  const ms = Math.min(200, 5 * 2 ** attempt) * (0.5 + Math.random());
  return new Promise((done) => setTimeout(done, ms));
}

/**
 * Serializes the transactions that call it on the same row until they commit: PostgreSQL takes the
 * row's write lock; SQLite's writers already run one at a time. For invariants no key can hold
 * (a count, a maximum).
 */
export async function lockRow(tx: Tx, table: 'spaces', id: number): Promise<void> {
  await tx.updateTable(table).set({ id }).where('id', '=', id).execute();
}
