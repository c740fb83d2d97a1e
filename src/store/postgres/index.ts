import { PostgresDialect, sql, type Kysely, type QueryExecutorProvider, type SelectQueryBuilder } from 'kysely';
import { openChannel } from './notifications.js';
import { openPool } from './pool.js';

const conflictCodes = new Set([
  '23505', // unique_violation: a concurrent transaction took the key; the retry sees it
  '40001', // serialization_failure
  '40P01', // deadlock_detected
  '55P03', // lock_not_available (lock_timeout)
]);

// Any fixed 64-bit number: the advisory lock held by the node that migrates.
const migrationLockKey = 7_310_420_260_001n;

/**
 * PostgreSQL, shared by several nodes: a pool of connections, read committed writes whose
 * invariants rest on keys, conditional updates and row locks, and a notification channel between
 * the nodes. The engine's side of the `EngineAdapter` contract (database.ts).
 */
export const postgresEngine = {
  name: 'postgres' as const,

  dialect(url: string, options: { poolSize: number; busyTimeoutMs: number }) {
    return new PostgresDialect({ pool: openPool(url, options) });
  },

  transaction<DB>(db: Kysely<DB>, readOnly: boolean) {
    return db
      .transaction()
      .setIsolationLevel(readOnly ? 'repeatable read' : 'read committed')
      .setAccessMode(readOnly ? 'read only' : 'read write');
  },

  isConflict(error: unknown): boolean {
    return conflictCodes.has((error as { code?: string })?.code ?? '');
  },

  // "No key": the inserts that reference the row (their foreign key check) need not wait.
  async lockRow(tx: QueryExecutorProvider, table: string, id: number): Promise<void> {
    await sql`select id from ${sql.table(table)} where id = ${id} for no key update`.execute(tx);
  },

  skipLocked<DB, TB extends keyof DB, O>(query: SelectQueryBuilder<DB, TB, O>): SelectQueryBuilder<DB, TB, O> {
    return query.forUpdate().skipLocked();
  },

  async tableExists(db: QueryExecutorProvider, name: string): Promise<boolean> {
    const query = sql`select 1 from information_schema.tables where table_schema = current_schema() and table_name = ${name}`;
    return (await query.execute(db)).rows.length > 0;
  },

  // Held until the migrating transaction ends: a second node waits, then finds nothing to do.
  async lockForMigrations(tx: QueryExecutorProvider): Promise<void> {
    await sql`select pg_advisory_xact_lock(${migrationLockKey})`.execute(tx);
  },

  openChannel,
};
