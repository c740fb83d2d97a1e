import { statSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEngines, describePostgres, sqliteEngine, type TestEngine } from '../../test/support/engines.js';
import { waitFor } from '../../test/support/wait.js';
import { openStore, type Store } from './database.js';
import { migrateUp } from './migrator.js';

// A busy timeout no test outlasts: maintenance that waited for another connection's lock would hang the test.
const neverWait = 600_000;

async function migratedStore(engine: TestEngine): Promise<{ store: Store; url: string }> {
  const url = await engine.freshUrl();
  const store = await openStore({ url, poolSize: 4, busyTimeoutMs: neverWait });
  await migrateUp(store);
  return { store, url };
}

async function fill(store: Store, prefix: string, count: number): Promise<void> {
  const rows = Array.from({ length: count }, (_, i) => ({ space_id: 0, key: `${prefix}:${i}`, value: 'x'.repeat(200) }));
  for (let i = 0; i < rows.length; i += 500)
    await store.db
      .insertInto('site_settings')
      .values(rows.slice(i, i + 500))
      .execute();
}

describeEngines('database upkeep', (engine) => {
  let store: Store;
  beforeAll(async () => {
    ({ store } = await migratedStore(engine));
  });
  afterAll(() => store.close());

  it('measures the database, which grows with its rows', async () => {
    const before = await store.bytes();
    expect(before).toBeGreaterThan(0);
    await fill(store, 'grow', 3000);
    if (engine.name === 'sqlite') await store.maintain();
    expect(await store.bytes()).toBeGreaterThan(before);
  });

  it('tells how its connections are used: busy during a transaction, and who waits for one', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const transaction = store.transaction(async (tx) => {
      await sql`select 1`.execute(tx);
      await held;
    });
    const during = await waitFor(() => {
      const use = store.connections();
      return use.busy >= 1 ? use : undefined;
    });
    expect(during!.size).toBe(engine.name === 'sqlite' ? 1 : 4);
    if (engine.name === 'sqlite') {
      // The one connection is taken: a second caller queues for it.
      const queued = store.transaction(() => Promise.resolve());
      expect(await waitFor(() => store.connections().waiting === 1)).toBe(true);
      release();
      await Promise.all([transaction, queued]);
    } else {
      release();
      await transaction;
    }
    expect(store.connections()).toMatchObject({ busy: 0, waiting: 0 });
  });
});

describe('database maintenance on sqlite', () => {
  let store: Store;
  let file: string;
  beforeAll(async () => {
    const opened = await migratedStore(sqliteEngine);
    store = opened.store;
    file = opened.url.slice('sqlite:'.length);
  });
  afterAll(() => store.close());

  it('SQLite: analyzes the tables and truncates the write-ahead log', async () => {
    await fill(store, 'wal', 2000);
    expect(statSync(`${file}-wal`).size).toBeGreaterThan(0);
    const report = await store.maintain();
    expect(report).toMatchObject({ optimized: true, checkpointBusy: false });
    expect(report.pagesCheckpointed).toBe(report.walPages);
    expect(statSync(`${file}-wal`).size).toBe(0);
    const stats = await sql<{ tbl: string }>`select tbl from sqlite_stat1`.execute(store.db);
    expect(stats.rows.map((r) => r.tbl)).toContain('site_settings');
  });

  it('SQLite: does not wait for another process’s reader, keeps its busy timeout, and the site keeps writing', async () => {
    await fill(store, 'reader', 500);
    const other = new BetterSqlite3(file);
    try {
      // A read transaction that started before the last writes pins the log: it cannot be truncated.
      other.prepare('begin').run();
      other.prepare('select count(*) from site_settings').get();
      await fill(store, 'after-reader', 500);
      const report = await store.maintain();
      expect(report.checkpointBusy).toBe(true);
      expect((await sql<{ timeout: number }>`pragma busy_timeout`.execute(store.db)).rows[0]!.timeout).toBe(neverWait);
      await fill(store, 'still-writing', 10);
      other.prepare('commit').run();
    } finally {
      other.close();
    }
    // The reader gone, the next run does it all.
    expect(await store.maintain()).toMatchObject({ checkpointBusy: false });
    expect(statSync(`${file}-wal`).size).toBe(0);
  });

  it('SQLite: does not wait for another process’s writer either', async () => {
    const other = new BetterSqlite3(file);
    try {
      other.prepare('begin immediate').run();
      other.prepare("insert into site_settings (space_id, key, value) values (0, 'other-writer', 'v')").run();
      expect(await store.maintain()).toMatchObject({ optimized: false, checkpointBusy: true });
      other.prepare('rollback').run();
    } finally {
      other.close();
    }
  });
});

describePostgres('database maintenance', (engine) => {
  let store: Store;
  let url: string;
  beforeAll(async () => {
    ({ store, url } = await migratedStore(engine));
  });
  afterAll(() => store.close());

  const tableStats = async (name: string) =>
    (
      await sql<{ dead: number; analyzed: Date | null }>`
        select n_dead_tup as dead, coalesce(last_analyze, last_autoanalyze) as analyzed
        from pg_stat_user_tables where schemaname = current_schema() and relname = ${name}`.execute(store.db)
    ).rows[0]!;

  it('PostgreSQL: analyzes every table of its schema, and vacuums those with many dead rows', async () => {
    await fill(store, 'dead', 3000);
    await store.db.deleteFrom('site_settings').where('key', 'like', 'dead:%').execute();
    // The statistics collector reports the dead rows a moment after the deleting transaction.
    await waitFor(async () => (await tableStats('site_settings')).dead >= 3000, { what: 'dead rows counted' });
    const report = await store.maintain();
    const tables = await sql<{ n: number }>`select count(*)::int as n from pg_stat_user_tables where schemaname = current_schema()`.execute(
      store.db,
    );
    expect(report.analyzed).toBe(tables.rows[0]!.n);
    expect(report.vacuumed).toEqual(['site_settings']);
    await waitFor(async () => (await tableStats('site_settings')).dead === 0, { what: 'dead rows vacuumed' });
    expect((await tableStats('spaces')).analyzed).not.toBeNull();
  });

  it('PostgreSQL: skips a table another transaction holds locked, instead of waiting for it', async () => {
    const other = new pg.Client({ connectionString: url });
    await other.connect();
    try {
      await other.query('begin');
      await other.query('lock table site_settings in access exclusive mode');
      const report = await store.maintain();
      expect(report.analyzed).toBeGreaterThan(1);
      await other.query('rollback');
    } finally {
      await other.end();
    }
  });
});
