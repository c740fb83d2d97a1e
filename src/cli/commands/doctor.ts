import { statfs } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { Command } from 'commander';
import { ConfigError } from '../../config/load.js';
import type { Config } from '../../config/schema.js';
import type { Store } from '../../store/database.js';
import { configOf, exitCodes, runCommand } from '../run.js';

interface CheckResult {
  check: string;
  ok: boolean;
  detail: string;
}

type Check = () => Promise<string>;

async function freeDisk(config: Config): Promise<string> {
  const places = [resolve(config.files.dir)];
  if (config.database.url.startsWith('sqlite:')) places.push(dirname(resolve(config.database.url.slice('sqlite:'.length))));
  const reports = await Promise.all(
    places.map(async (place) => {
      const info = await statfs(place);
      const freeMb = Math.floor((info.bavail * info.bsize) / 1024 ** 2);
      if (freeMb < config.doctor.minFreeDiskMb) throw new Error(`${place}: ${freeMb} MB free, below ${config.doctor.minFreeDiskMb} MB`);
      return `${place}: ${freeMb} MB free`;
    }),
  );
  return reports.join('; ');
}

/** PostgreSQL: pg_dump and pg_restore are there, and not older than the server (backups need them). */
async function pgDumpCheck(config: Config, store: Store): Promise<string> {
  if (store.engine !== 'postgres') return 'not needed (SQLite is backed up with VACUUM INTO)';
  const [{ pgTools }, { serverMajor }] = await Promise.all([import('../../backup/pg-tools.js'), import('../../backup/postgres.js')]);
  const major = await serverMajor(store.db as never);
  const { dump, restore } = await pgTools(config, major);
  return `${dump.path} ${dump.version} and ${restore.path} ${restore.version}, server ${major}`;
}

/** The last good backup, and whether it is recent enough (backup.maxAgeHours). */
async function backupsCheck(config: Config): Promise<string> {
  if (!config.backup.dir) return 'not configured (backup.dir is empty): no backups are taken';
  const { listBackups, isGood } = await import('../../backup/status.js');
  const backups = await listBackups(resolve(config.backup.dir));
  const newest = backups[0];
  if (newest?.verification && !newest.verification.ok) throw new Error(`the newest backup, ${newest.name}, failed verification`);
  const good = backups.find(isGood);
  if (!good)
    return `none yet in ${resolve(config.backup.dir)}: the first is taken at ${config.backup.dailyAt}, or by \`ilot backup create\``;
  const hours = Math.floor((Date.now() - good.manifest!.createdAt) / 3_600_000);
  if (hours > config.backup.maxAgeHours)
    throw new Error(`the last good backup, ${good.name}, is ${hours} hours old (backup.maxAgeHours: ${config.backup.maxAgeHours})`);
  return `last good backup ${good.name}, ${hours} hours old${good.verification ? ', verified' : ', not verified'}`;
}

// A daily task whose last success is older than this has missed a day at least.
const staleDailyHours = 48;

/**
 * The task engine's record: failed tasks (out of attempts, they wait for an operator), and the
 * daily task whose last success is the oldest, stale past two days. Paused kinds are said, not failed.
 */
async function tasksCheck(store: Store): Promise<string> {
  const failed = await store.db
    .selectFrom('tasks')
    .select(['kind', 'id', 'last_error'])
    .where('state', '=', 'failed')
    .orderBy('finished_at', 'desc')
    .execute();
  const { pausedKinds: paused } = await import('../../server/tasks/paused.js');
  const pausedKinds = await paused(store.db);
  const daily = await store.db
    .selectFrom('tasks')
    .select(['kind', 'last_success_at', 'created_at'])
    .where('daily', '=', 1)
    .where('state', '!=', 'cancelled')
    .execute();
  const now = Date.now();
  const hoursAgo = (at: number) => Math.floor((now - at) / 3_600_000);
  const problems: string[] = [];
  if (failed.length) {
    const shown = failed.slice(0, 5).map((t) => `${t.kind} ${t.id}${t.last_error ? ` (${t.last_error.slice(0, 200)})` : ''}`);
    problems.push(
      `${failed.length} failed: ${shown.join('; ')}${failed.length > 5 ? '; …' : ''} (see \`ilot tasks list --state failed\`, then \`ilot tasks retry\`)`,
    );
  }
  const watched = daily.filter((t) => !pausedKinds.includes(t.kind));
  // A task that never succeeded counts from its creation: a new site is not stale.
  const since = (t: (typeof daily)[number]) => t.last_success_at ?? t.created_at;
  const oldest = watched.sort((a, b) => since(a) - since(b))[0];
  let dailyReport = 'no daily task scheduled yet (the server schedules them when it starts)';
  if (oldest) {
    const hours = hoursAgo(since(oldest));
    const what =
      oldest.last_success_at === null ? `has not succeeded since it was scheduled ${hours} hours ago` : `last succeeded ${hours} hours ago`;
    dailyReport = `${watched.length} daily task${watched.length === 1 ? '' : 's'}; the oldest, ${oldest.kind}, ${what}`;
    if (hours >= staleDailyHours)
      problems.push(`${dailyReport}: more than ${staleDailyHours} hours (is a server running with tasks.enabled?)`);
  }
  if (problems.length) throw new Error(problems.join('; '));
  const pausedNote = pausedKinds.length ? `; paused: ${pausedKinds.join(', ')}` : '';
  return `none failed; ${dailyReport}${pausedNote}`;
}

/** Every check, in order; later ones are skipped when what they need failed. */
async function diagnose(command: Command): Promise<CheckResult[]> {
  let config: Config;
  let file: string | null;
  try {
    ({ config, file } = configOf(command));
  } catch (error) {
    if (error instanceof ConfigError) return [{ check: 'configuration', ok: false, detail: error.problems.join('; ') }];
    throw error;
  }
  const results: CheckResult[] = [{ check: 'configuration', ok: true, detail: file ?? 'defaults and ILOT_* variables' }];
  const [{ openStore }, { LocalFileStore }, { migrationStatus }, { explainFailure }] = await Promise.all([
    import('../../store/database.js'),
    import('../../store/files/local-file-store.js'),
    import('../../store/migrator.js'),
    import('../failures.js'),
  ]);
  const attempt = async (check: string, body: Check): Promise<CheckResult> => {
    try {
      return { check, ok: true, detail: await body() };
    } catch (error) {
      return {
        check,
        ok: false,
        detail: explainFailure(error, config)?.message ?? (error instanceof Error ? error.message : String(error)),
      };
    }
  };
  let store: Store | undefined;
  results.push(
    await attempt('database', async () => {
      const { busyTimeoutMs, synchronous } = config.database;
      store = await openStore({ url: config.database.url, poolSize: 1, busyTimeoutMs, synchronous });
      return `${store.engine} ${store.description} answers`;
    }),
  );
  if (store) {
    const reachable = store;
    results.push(
      await attempt('migrations', async () => {
        const status = await migrationStatus(reachable);
        if (status.unknown.length) throw new Error(`applied by a newer version of Ilot: ${status.unknown.join(', ')}`);
        if (status.pending.length)
          throw new Error(`${status.pending.length} pending (${status.pending.join(', ')}): run \`ilot migrate up\` or start the server`);
        return `${status.applied.length} applied, none pending`;
      }),
    );
    // The task tables are there once the migrations are.
    if (results.at(-1)!.ok) results.push(await attempt('tasks', () => tasksCheck(reachable)));
    results.push(await attempt('pg_dump', () => pgDumpCheck(config, reachable)));
    await reachable.close();
  }
  results.push(
    await attempt('file store', async () => {
      const files = await LocalFileStore.open(config.files.dir);
      await files.check();
      return `${files.root} is writable`;
    }),
  );
  results.push(await attempt('disk', () => freeDisk(config)));
  results.push(await attempt('backups', () => backupsCheck(config)));
  // Mail (issue 17): the SMTP server greets (and accepts the login) when one is configured.
  results.push(await attempt('smtp', async () => (await import('../../mail/transport.js')).checkSmtp(config)));
  return results;
}

export function doctorCommand(): Command {
  return new Command('doctor')
    .description('check configuration, database, migrations, tasks, pg_dump, file store, free disk, backups and SMTP')
    .option('--json', 'print the results as JSON')
    .action((options: { json?: boolean }, command: Command) =>
      runCommand(async () => {
        const results = await diagnose(command);
        if (options.json) console.log(JSON.stringify(results, null, 2));
        else for (const r of results) console.log(`${r.ok ? 'ok  ' : 'FAIL'}  ${r.check.padEnd(13)} ${r.detail}`);
        return results.every((r) => r.ok) ? exitCodes.ok : exitCodes.failed;
      }),
    );
}
