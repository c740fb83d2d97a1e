// Reporting: the audit log CSV export of 1,000,000 rows, streamed by the export route's own code
// to /dev/null (MB/s, peak RSS; baseline: the same rows read by plain keyset SELECT pages, no CSV),
// and the daily monthly statistics of 80 spaces × 10,000 accounts run by the server's task engine
// with `ping` latency during the run against idle (same server, same run); on SQLite, then on
// PostgreSQL (each part on a fresh database). ILOT_BENCH_QUICK=1: 100,000 rows and 8 spaces;
// ILOT_BENCH_ENGINE=sqlite or postgres: that engine alone; ILOT_BENCH_PART=audit or statistics: that part alone.
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { newScopedId } from '../src/shared/ids.js';
import { auditCsv } from '../src/server/http/csv-routes.js';
import { openStore, type Store } from '../src/store/database.js';
import { migrateUp } from '../src/store/migrator.js';
import { bareAccount, benchDatabase, latencySample, machine, sleep, startBenchServer } from './support.js';

const quick = process.env.ILOT_BENCH_QUICK === '1';
const auditRows = quick ? 100_000 : 1_000_000;
const spaces = quick ? 8 : 80;
const accountsPerSpace = 10_000;

/** Runs `body` while sampling this process's RSS; returns its seconds, the RSS at its start and the peak RSS (MB). */
async function measured(body: () => Promise<void>): Promise<{ seconds: number; startRssMb: number; peakRssMb: number }> {
  const start = process.memoryUsage().rss;
  let peak = start;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const started = performance.now();
  try {
    await body();
  } finally {
    clearInterval(timer);
  }
  return {
    seconds: (performance.now() - started) / 1000,
    startRssMb: Math.round(start / 1e6),
    peakRssMb: Math.round(Math.max(peak, process.memoryUsage().rss) / 1e6),
  };
}

/** Counts what goes through, on its way to /dev/null. */
async function toDevNull(lines: AsyncIterable<string>): Promise<number> {
  let bytes = 0;
  async function* counted() {
    for await (const line of lines) {
      bytes += Buffer.byteLength(line);
      yield line;
    }
  }
  await pipeline(Readable.from(counted()), createWriteStream('/dev/null'));
  return bytes;
}

async function auditExport(store: Store) {
  const spaceId = 10;
  await store.db.insertInto('spaces').values({ id: spaceId, org_code: 'auditbench', created_at: 0 }).execute();
  for (let start = 0; start < auditRows; start += 2000)
    await store.transaction((tx) =>
      tx
        .insertInto('audit_entries')
        .values(
          Array.from({ length: Math.min(2000, auditRows - start) }, (_, i) => ({
            space_id: spaceId,
            seq: start + i + 1,
            at: 1_700_000_000_000 + start + i,
            request_id: `req-${start + i}`,
            actor: `10a${String((start + i) % 500).padStart(13, '0')}`,
            role: 'treasurer',
            action: (start + i) % 3 === 0 ? 'sponsorship.create' : 'permissions.set',
            target: `10p${String(i).padStart(13, '0')}`,
            details: JSON.stringify({ before: false, after: true }),
            address: '192.0.2.7',
            user_agent: 'Mozilla/5.0 (X11; Linux x86_64) bench',
            result: (start + i) % 10 === 0 ? ('error' as const) : ('ok' as const),
            error_code: (start + i) % 10 === 0 ? 'FORBIDDEN' : null,
            prev_hash: null,
            hash: 'x'.repeat(64),
          })),
        )
        .execute(),
    );
  // Baseline: the same rows, newest first, by plain keyset pages, each row as JSON.
  let baselineBytes = 0;
  const baseline = await measured(async () => {
    baselineBytes = await toDevNull(
      (async function* () {
        let before = Number.MAX_SAFE_INTEGER;
        for (;;) {
          const rows = await store.db
            .selectFrom('audit_entries')
            .selectAll()
            .where('space_id', '=', spaceId)
            .where('seq', '<', before)
            .orderBy('seq', 'desc')
            .limit(1000)
            .execute();
          if (rows.length === 0) return;
          yield rows.map((r) => `${JSON.stringify(r)}\n`).join('');
          before = Number(rows[rows.length - 1]!.seq);
        }
      })(),
    );
  });
  let csvBytes = 0;
  const csv = await measured(async () => {
    csvBytes = await toDevNull(auditCsv(store, spaceId, {}, auditRows));
  });
  return {
    rows: auditRows,
    csv: {
      mb: Math.round(csvBytes / 1e6),
      seconds: round(csv.seconds),
      mbPerSecond: round(csvBytes / 1e6 / csv.seconds),
      startRssMb: csv.startRssMb,
      peakRssMb: csv.peakRssMb,
    },
    baselinePlainSelect: {
      mb: Math.round(baselineBytes / 1e6),
      seconds: round(baseline.seconds),
      mbPerSecond: round(baselineBytes / 1e6 / baseline.seconds),
      startRssMb: baseline.startRssMb,
      peakRssMb: baseline.peakRssMb,
    },
  };
}

async function monthlyStatistics(dir: string, databaseUrl: string | undefined) {
  const url = databaseUrl ?? `sqlite:${dir}/ilot.db`;
  const server = await startBenchServer(dir, databaseUrl ? { ILOT_BENCH_DATABASE_URL: databaseUrl } : {}, { tasks: { pollSeconds: 1 } });
  const store = await openStore({ url });
  try {
    for (let s = 0; s < spaces; s++) {
      const spaceId = 20 + s;
      await store.db
        .insertInto('spaces')
        .values({ id: spaceId, org_code: `stats${s}`, created_at: 0 })
        .execute();
      const partitions = Array.from({ length: 5 }, () => newScopedId(spaceId, 'partition'));
      await store.db
        .insertInto('partitions')
        .values(partitions.map((id) => ({ space_id: spaceId, id, name: `partition ${id.slice(-4)}`, created_at: 0 })))
        .execute();
      for (let start = 0; start < accountsPerSpace; start += 2000)
        await store.transaction((tx) =>
          tx
            .insertInto('accounts')
            .values(
              Array.from({ length: 2000 }, (_, i) => ({
                ...bareAccount(spaceId, newScopedId(spaceId, 'account')),
                partition_id: partitions[(start + i) % partitions.length]!,
                quota_documents: 100,
                quota_volume_bytes: 1_000_000,
              })),
            )
            .execute(),
        );
    }
    const ping = `${server.urls.ilot}/api/ops/ping`;
    await latencySample(ping, { seconds: 1 });
    const idle = await latencySample(ping, { seconds: 5 });
    const task = await store.db
      .selectFrom('tasks')
      .select(['id', 'last_success_at'])
      .where('kind', '=', 'stats.monthly')
      .executeTakeFirstOrThrow();
    await store.db.updateTable('tasks').set({ run_at: Date.now() }).where('id', '=', task.id).execute();
    const done = async () =>
      (await store.db.selectFrom('tasks').select('last_success_at').where('id', '=', task.id).executeTakeFirstOrThrow()).last_success_at !==
      task.last_success_at;
    const during = await latencySample(ping, { seconds: 120, until: done });
    while (!(await done())) await sleep(100);
    const run = await store.db
      .selectFrom('tasks')
      .select(['last_duration_ms', 'last_items'])
      .where('id', '=', task.id)
      .executeTakeFirstOrThrow();
    const partitionRows = await store.db
      .selectFrom('partition_stats')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return {
      spaces,
      accountsPerSpace,
      seconds: round((run.last_duration_ms ?? 0) / 1000),
      spacesComputed: run.last_items,
      partitionRows: Number(partitionRows.n),
      goalSeconds: 60,
      ping: { idle, duringStatistics: during, p99Ratio: round(during.p99Ms / idle.p99Ms), goalRatio: '<= 2' },
    };
  } finally {
    await store.close();
    await server.stop();
  }
}

const round = (n: number) => Math.round(n * 100) / 100;

/** Runs `part` on a fresh database of the engine (SQLite: a file in a fresh directory). */
async function onFresh<T>(engine: 'sqlite' | 'postgres', part: (dir: string, databaseUrl: string | undefined) => Promise<T>) {
  const dir = mkdtempSync(join(tmpdir(), 'ilot-bench-reporting-'));
  const database = engine === 'postgres' ? await benchDatabase() : undefined;
  try {
    if (database && 'skipped' in database) return database;
    return await part(dir, database?.url);
  } finally {
    if (database && !('skipped' in database)) await database.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchReporting() {
  const only = process.env.ILOT_BENCH_ENGINE;
  const engines = (['sqlite', 'postgres'] as const).filter((engine) => !only || only === engine);
  const results = [];
  const part = process.env.ILOT_BENCH_PART;
  for (const engine of engines) {
    const auditCsvExport =
      part === 'statistics'
        ? undefined
        : await onFresh(engine, async (dir, databaseUrl) => {
            const store = await openStore({ url: databaseUrl ?? `sqlite:${dir}/audit.db` });
            try {
              await migrateUp(store);
              return await auditExport(store);
            } finally {
              await store.close();
            }
          });
    const statistics = part === 'audit' ? undefined : await onFresh(engine, monthlyStatistics);
    results.push({ engine, auditCsvExport, monthlyStatistics: statistics, loadAverage: loadavg() });
  }
  return { name: 'reporting', machine: machine(), quick, results };
}
