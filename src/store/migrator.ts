import { sql, type Kysely } from 'kysely';
import { engineOf, type Store } from './database.js';
import { migrations as allMigrations, type Migration } from './migrations/index.js';

export interface MigrationStatus {
  applied: { name: string; appliedAt: number }[];
  pending: string[];
  /** Applied by a newer version of Ilot: this code must not run against that database. */
  unknown: string[];
}

/** The database was migrated by a newer version of Ilot. */
export class SchemaTooNewError extends Error {
  constructor(unknown: string[]) {
    super(`The database has migrations this version of Ilot does not know (${unknown.join(', ')}): it was used by a newer version.`);
    this.name = 'SchemaTooNewError';
  }
}

const lockWaitMs = 120_000;

async function ensureLedger(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('ilot_migrations')
    .ifNotExists()
    .addColumn('name', 'varchar(100)', (c) => c.primaryKey())
    .addColumn('applied_at', 'bigint', (c) => c.notNull())
    .execute();
}

async function readLedger(db: Kysely<unknown>): Promise<{ name: string; appliedAt: number }[]> {
  const rows = await sql<{ name: string; applied_at: number }>`select name, applied_at from ilot_migrations order by name`.execute(db);
  return rows.rows.map((r) => ({ name: r.name, appliedAt: Number(r.applied_at) }));
}

function compare(applied: { name: string; appliedAt: number }[], list: Migration[]): MigrationStatus {
  const done = new Set(applied.map((a) => a.name));
  const known = new Set(list.map((m) => m.name));
  return {
    applied,
    pending: list.filter((m) => !done.has(m.name)).map((m) => m.name),
    unknown: applied.filter((a) => !known.has(a.name)).map((a) => a.name),
  };
}

export async function migrationStatus(store: Store, list: Migration[] = allMigrations): Promise<MigrationStatus> {
  const exists = await engineOf(store.db).tableExists(store.db, 'ilot_migrations');
  return compare(exists ? await readLedger(store.db as Kysely<unknown>) : [], list);
}

/**
 * Applies the pending migrations in one transaction, under a lock that makes a second node wait
 * and then find nothing to do. Returns the names applied, in order.
 */
export async function migrateUp(store: Store, list: Migration[] = allMigrations): Promise<string[]> {
  const engine = engineOf(store.db);
  const deadline = Date.now() + lockWaitMs;
  for (;;) {
    try {
      return await store.db.transaction().execute(async (tx) => {
        const db = tx as unknown as Kysely<unknown>;
        await engine.lockForMigrations(db);
        await ensureLedger(db);
        const status = compare(await readLedger(db), list);
        if (status.unknown.length) throw new SchemaTooNewError(status.unknown);
        for (const name of status.pending) {
          await list.find((m) => m.name === name)!.up(db);
          await sql`insert into ilot_migrations (name, applied_at) values (${name}, ${Date.now()})`.execute(db);
        }
        return status.pending;
      });
    } catch (error) {
      // Another node holds the lock longer than the busy timeout (it is migrating): wait on.
      if (!engine.isConflict(error) || Date.now() > deadline) throw error;
      await new Promise((done) => setTimeout(done, 100));
    }
  }
}
