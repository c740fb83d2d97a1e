import { PostgresDialect, sql, type Kysely, type QueryExecutorProvider, type SelectQueryBuilder } from 'kysely';
import { openChannel } from './notifications.js';
import { openPool } from './pool.js';

const conflictCodes = new Set([
  '23505', // unique_violation: a concurrent transaction took the key; the retry sees it
  '40001', // serialization_failure
  '40P01', // deadlock_detected
  '55P03', // lock_not_available (lock_timeout)
]);

// A table is vacuumed by the daily maintenance past this many dead rows, and this share of its live ones.
const deadRowsToVacuum = 1000;
const deadShareToVacuum = 0.05;

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
    const { pool, connections } = openPool(url, options);
    return { dialect: new PostgresDialect({ pool }), connections };
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

  /**
   * Autovacuum keeps up in the long run; the daily run refreshes every table's planner statistics
   * (ANALYZE), and vacuums the tables where the night's purges left many dead rows that autovacuum
   * has not reached yet. Never VACUUM FULL, which locks the table out. SKIP_LOCKED: a table another
   * transaction holds a conflicting lock on is left for the next run, instead of waiting for it.
   */
  async maintain<DB>(db: Kysely<DB>) {
    const tables = await sql<{ schema: string; name: string; live: number; dead: number }>`
      select schemaname as schema, relname as name, n_live_tup as live, n_dead_tup as dead
      from pg_stat_user_tables where schemaname = current_schema() order by relname`.execute(db);
    const vacuumed: string[] = [];
    for (const table of tables.rows) {
      const vacuum = table.dead >= deadRowsToVacuum && table.dead >= table.live * deadShareToVacuum;
      if (vacuum) vacuumed.push(table.name);
      await sql`${sql.raw(vacuum ? 'vacuum (analyze, skip_locked)' : 'analyze (skip_locked)')} ${sql.id(table.schema, table.name)}`.execute(
        db,
      );
    }
    return { analyzed: tables.rows.length, vacuumed };
  },

  // Tables, their indexes and TOAST in the site's schema (a site may share its database with others).
  async bytes(db: QueryExecutorProvider): Promise<number> {
    const { rows } = await sql<{ bytes: number }>`
      select coalesce(sum(pg_total_relation_size(c.oid)), 0)::bigint as bytes
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = current_schema() and c.relkind in ('r', 'm')`.execute(db);
    return rows[0]!.bytes;
  },
};
