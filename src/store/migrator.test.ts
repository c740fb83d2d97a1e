import { sql, type Kysely } from 'kysely';
import { afterEach, expect, it } from 'vitest';
import { describeEngines } from '../../test/support/engines.js';
import { waitFor } from '../../test/support/wait.js';
import { openStore, type Store } from './database.js';
import { migrations } from './migrations/index.js';
import { migrateUp, migrationStatus, SchemaTooNewError } from './migrator.js';
import type { Migration } from './migrations/index.js';

const opened: Store[] = [];
afterEach(async () => {
  for (const store of opened.splice(0)) await store.close();
});

async function open(url: string): Promise<Store> {
  const store = await openStore({ url, poolSize: 3 });
  opened.push(store);
  return store;
}

const tableNames = async (store: Store): Promise<string[]> => {
  const query =
    store.engine === 'sqlite'
      ? sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`
      : sql<{
          name: string;
        }>`select table_name as name from information_schema.tables where table_schema = current_schema() order by table_name`;
  return (await query.execute(store.db)).rows.map((r) => r.name);
};

describeEngines('migrations', (engine) => {
  it('lists pending migrations on a new database, applies them, then has nothing to do', async () => {
    const store = await open(await engine.freshUrl());
    expect(await migrationStatus(store)).toEqual({ applied: [], pending: migrations.map((m) => m.name), unknown: [] });
    expect(await migrateUp(store)).toEqual(migrations.map((m) => m.name));
    const status = await migrationStatus(store);
    expect(status.pending).toEqual([]);
    expect(status.applied.map((a) => a.name)).toEqual(migrations.map((m) => m.name));
    expect(await migrateUp(store)).toEqual([]);
  });

  it('keys every table by space id first', async () => {
    const store = await open(await engine.freshUrl());
    await migrateUp(store);
    for (const table of await tableNames(store)) {
      if (table === 'ilot_migrations') continue;
      const keyColumns =
        store.engine === 'sqlite'
          ? (await sql<{ name: string; pk: number }>`select name, pk from pragma_table_info(${table})`.execute(store.db)).rows
              .filter((c) => c.pk > 0)
              .sort((a, b) => a.pk - b.pk)
              .map((c) => c.name)
          : (
              await sql<{ name: string }>`
                select a.attname as name from pg_index i
                join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey)
                where i.indrelid = ${table}::regclass and i.indisprimary
                order by array_position(i.indkey, a.attnum)`.execute(store.db)
            ).rows.map((c) => c.name);
      expect(table === 'spaces' ? keyColumns : keyColumns[0], table).toEqual(table === 'spaces' ? ['id'] : 'space_id');
    }
  });

  it('applies nothing of a batch when one migration fails', async () => {
    const store = await open(await engine.freshUrl());
    const failing: Migration[] = [
      ...migrations,
      { name: '9001_ok', up: (db) => db.schema.createTable('extra').addColumn('space_id', 'integer').execute() },
      { name: '9002_broken', up: async (db) => void (await sql`select * from no_such_table`.execute(db)) },
    ];
    await expect(migrateUp(store, failing)).rejects.toThrow();
    expect((await migrationStatus(store)).applied).toEqual([]);
    expect(await tableNames(store)).not.toContain('extra');
  });

  it('refuses a database migrated by a newer version', async () => {
    const store = await open(await engine.freshUrl());
    await migrateUp(store, [...migrations, { name: '9999_future', up: async () => undefined }]);
    await expect(migrateUp(store)).rejects.toBeInstanceOf(SchemaTooNewError);
    expect((await migrationStatus(store)).unknown).toEqual(['9999_future']);
  });

  it('lets only one of two nodes starting together apply the migrations', async () => {
    const url = await engine.freshUrl();
    let runs = 0;
    const holding: Migration[] = [
      ...migrations,
      {
        name: '9001_holding',
        async up(db: Kysely<unknown>) {
          runs++;
          // PostgreSQL: the two nodes run at once; hold the lock until the other one waits for it.
          if (engine.name === 'postgres')
            await waitFor(
              async () =>
                (await sql`select 1 from pg_stat_activity where pg_backend_pid() = any(pg_blocking_pids(pid))`.execute(db)).rows.length > 0,
              { what: 'the other node waiting for the migration lock' },
            );
          await db.schema.createTable('holding').addColumn('space_id', 'integer').execute();
        },
      },
    ];
    if (engine.name === 'sqlite') {
      // better-sqlite3 blocks its thread while waiting for a lock: two nodes are two processes (see the CLI tests).
      const [a, b] = [await open(url), await open(url)];
      const first = await migrateUp(a, holding);
      const second = await migrateUp(b, holding);
      expect([first.length, second.length]).toEqual([migrations.length + 1, 0]);
    } else {
      const [a, b] = [await open(url), await open(url)];
      const results = await Promise.all([migrateUp(a, holding), migrateUp(b, holding)]);
      expect(results.map((r) => r.length).sort()).toEqual([0, migrations.length + 1]);
    }
    expect(runs).toBe(1);
  });
});
