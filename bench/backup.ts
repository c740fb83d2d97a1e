// Backup, on SQLite and PostgreSQL: the daily `backup` task run in the server while pings go on.
// Baselines in the same run: `cp -r` of the same files on the same disk, and the ping latency of
// the same server idle. The data set is smaller than the (2 GB of files, 200,000 notes):
// ILOT_BENCH_BACKUP_MB of files (default 512, 64 with ILOT_BENCH_QUICK=1) in 1 MB files, written
// straight into the file store (a backup reads them as opaque bytes), and an almost empty database.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IlotClient } from '../src/client/index.js';
import { benchOperatorPhrase, latencySample, machine, onEachEngine, sleep, startBenchServerWithOperator } from './support.js';

const quick = process.env.ILOT_BENCH_QUICK === '1';
const totalMb = Number(process.env.ILOT_BENCH_BACKUP_MB ?? (quick ? 64 : 512));
const megabyte = 1024 * 1024;

/** Files of 1 MB, each different (encrypted content does not repeat), in one space folder. */
function writeFiles(filesDir: string): void {
  const folder = join(filesDir, '10', 'avatars', 'bench');
  mkdirSync(folder, { recursive: true });
  for (let i = 0; i < totalMb; i++) writeFileSync(join(folder, `file-${i}`), randomBytes(megabyte));
}

/** Seconds `cp -r` takes to copy the files on the same disk, flushed to it as the backup's are. */
function cpSeconds(filesDir: string, dir: string): number {
  const started = performance.now();
  execFileSync('cp', ['-r', filesDir, join(dir, 'cp-copy')]);
  execFileSync('sync');
  const seconds = (performance.now() - started) / 1000;
  rmSync(join(dir, 'cp-copy'), { recursive: true, force: true });
  return seconds;
}

async function runOn(engine: 'sqlite' | 'postgres', databaseUrl: string | undefined) {
  const dir = mkdtempSync(join(tmpdir(), 'ilot-bench-'));
  const backupDir = join(dir, 'backups');
  const { server } = await startBenchServerWithOperator(dir, databaseUrl, undefined, {
    backup: { dir: backupDir, verify: false },
    tasks: { pollSeconds: 1 },
  });
  try {
    const url = server.urls.ilot;
    writeFiles(join(dir, 'files'));
    const operator = new IlotClient(url);
    await operator.signInOperator(benchOperatorPhrase);
    const cp = cpSeconds(join(dir, 'files'), dir);
    const ping = `${url}/api/ops/ping`;
    const idle = await latencySample(ping, { seconds: quick ? 3 : 10 });

    const task = async () => (await operator.call('tasks.list', { kind: 'backup', limit: 1 })).tasks[0]!;
    const before = await task();
    const started = performance.now();
    await operator.call('tasks.runNow', { id: before.id });
    let done = false;
    let taskMs = 0;
    const during = await latencySample(ping, {
      seconds: 600,
      until: async () => {
        const now = await task();
        done = now.state === 'pending' && now.lastRunAt !== before.lastRunAt && now.lastError === null;
        taskMs = now.lastDurationMs ?? 0;
        if (now.state === 'failed' || now.lastError) throw new Error(`the backup failed: ${now.lastError}`);
        return done;
      },
    });
    const backupSeconds = (performance.now() - started) / 1000;
    if (!done) throw new Error('the backup did not finish within 600 s');
    await sleep(100);
    const mbPerSecond = (seconds: number) => Math.round(totalMb / seconds);
    return {
      engine,
      files: { count: totalMb, mb: totalMb },
      baseline: { cpMbPerSecond: mbPerSecond(cp), idlePing: idle },
      backup: {
        mbPerSecond: mbPerSecond(backupSeconds),
        seconds: Math.round(backupSeconds * 10) / 10,
        // The task's own run, without its pick-up and the polling that sees it done.
        taskSeconds: Math.round(taskMs / 100) / 10,
        pingDuring: during,
      },
      ratios: {
        backupToCp: Math.round((cp / backupSeconds) * 100) / 100,
        taskToCp: Math.round((cp / (taskMs / 1000)) * 100) / 100,
        pingP99DuringToIdle: Math.round((during.p99Ms / idle.p99Ms) * 100) / 100,
      },
      goal: 'backupToCp ≥ 0.5; pingP99DuringToIdle ≤ 2',
    };
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchBackup() {
  return {
    benchmark: 'backup',
    machine: machine(),
    measure: `the daily backup task (verification off) of ${totalMb} MB of files in 1 MB files, timed from tasks.runNow to its success (polled); pings at a modest pace throughout`,
    results: await onEachEngine(runOn),
  };
}
